/**
 * Starts one PostgreSQL cluster for the whole vitest run; tests get its URL with
 * inject('postgresUrl') (null when PostgreSQL is not installed locally). On CI
 * (CI=true) a missing PostgreSQL fails the run instead of skipping those tests.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresCluster } from './postgres.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		postgresUrl: string | null;
	}
}

let cluster: PostgresCluster | undefined;

export async function setup(project: TestProject) {
	try {
		cluster = await startPostgres();
		project.provide('postgresUrl', cluster.url);
	} catch (e) {
		if (process.env.CI === 'true') throw e;
		console.warn(`\n!!! PostgreSQL tests SKIPPED: ${(e as Error).message}\n!!! They run (and must pass) on CI.\n`);
		project.provide('postgresUrl', null);
	}
}

export function teardown() {
	cluster?.stop();
}
