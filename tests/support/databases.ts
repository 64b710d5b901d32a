/**
 * The database engines every server test runs against: SQLite (a temp file) and
 * PostgreSQL (a fresh database in the cluster the vitest global setup started).
 * Usage: describe.each(testDatabases())('sync on $name', ({ open }) => { ... })
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '#lib/server/db/connect.ts';

export interface TestDatabase {
	name: 'sqlite' | 'postgres';
	/** A new, empty, migrated database; close() also deletes it. */
	open(): Promise<DatabaseHandle>;
}

async function openSqlite(): Promise<DatabaseHandle> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'sqlite-test-'));
	const handle = await openDatabase({ dialect: 'sqlite', file: path.join(dir, 'test.sqlite') });
	return {
		...handle,
		async close() {
			await handle.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

async function openPostgres(adminUrl: string): Promise<DatabaseHandle> {
	const name = `test_${crypto.randomUUID().replaceAll('-', '')}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const handle = await openDatabase({ dialect: 'postgres', url: url.toString() });
	return {
		...handle,
		async close() {
			await handle.close();
			const c = new pg.Client({ connectionString: adminUrl });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await c.end();
		}
	};
}

export function testDatabases(): TestDatabase[] {
	const postgresUrl = inject('postgresUrl');
	const list: TestDatabase[] = [{ name: 'sqlite', open: openSqlite }];
	if (postgresUrl) list.push({ name: 'postgres', open: () => openPostgres(postgresUrl) });
	return list;
}
