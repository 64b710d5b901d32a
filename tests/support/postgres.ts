/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temp dir, start on a free
 * port (socket dir in /tmp), stop and delete afterwards. As root, the server runs as
 * the `postgres` OS user (PostgreSQL refuses to run as root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '#scripts/lib/free-port.ts';
import { CodedError } from '#lib/errors.ts';

export class PostgresUnavailableError extends CodedError<'POSTGRES_UNAVAILABLE'> {
	constructor(message: string) {
		super('POSTGRES_UNAVAILABLE', message);
	}
}

/** The newest installed PostgreSQL bin dir (Debian layout), or null. */
export function findPostgresBin(): string | null {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root)
		.filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : null;
}

export interface PostgresCluster {
	/** Connection URL of the `postgres` database (superuser, trust auth, localhost only). */
	url: string;
	urlFor(database: string): string;
	stop(): void;
}

export async function startPostgres(): Promise<PostgresCluster> {
	const bin = findPostgresBin();
	if (!bin)
		throw new PostgresUnavailableError(
			'PostgreSQL is not installed: run "apt-get install -y postgresql" (Debian) to test the PostgreSQL path.'
		);
	const asRoot = process.getuid?.() === 0;
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-test-'));
	const data = path.join(dir, 'data');
	const run = (cmd: string, args: string[]) => {
		const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
		const r = spawnSync(file, argv, { encoding: 'utf8' });
		if (r.status !== 0) throw new PostgresUnavailableError(`${cmd} failed (exit ${r.status}): ${r.stderr || r.stdout || r.error?.message}`);
	};
	if (asRoot)
		chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
	const port = await freePort();
	try {
		run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
		// fsync off: a test cluster need not survive a power cut.
		const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
		run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
	} catch (e) {
		rmSync(dir, { recursive: true, force: true });
		throw e;
	}
	const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
	return {
		url: urlFor('postgres'),
		urlFor,
		stop() {
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}
