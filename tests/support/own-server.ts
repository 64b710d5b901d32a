/**
 * A server of its own for a browser spec that changes what every other spec relies on
 * (the champion, the review queue): the built app (server.js) on a fixed port, a throwaway
 * copy of the committed models and a fresh SQLite file with the test users. The shared
 * Playwright server is not touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { TEST_USERS } from './users.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The Node 22 of node_modules/.bin when there is one (the machine's own may be older). */
export const NODE = existsSync(path.join(ROOT, 'node_modules/.bin/node')) ? path.join(ROOT, 'node_modules/.bin/node') : process.execPath;

export interface OwnServer {
	base: string;
	/** Temp folder holding models/, app.sqlite and anything the spec puts there. */
	dir: string;
	modelsDir: string;
	databaseUrl: string;
	log(): string;
	stop(): Promise<void>;
}

export async function startOwnServer(port: number, env: Record<string, string> = {}): Promise<OwnServer> {
	const entry = ['server.js', 'build/index.js'].map((f) => path.join(ROOT, f)).find((f) => existsSync(f))!;
	const dir = await mkdtemp(path.join(tmpdir(), `own-server-${port}-`));
	const modelsDir = path.join(dir, 'models');
	await cp(path.join(ROOT, 'models'), modelsDir, { recursive: true });
	const dbFile = path.join(dir, 'app.sqlite');
	const database = await openDatabase({ dialect: 'sqlite', file: dbFile });
	for (const user of Object.values(TEST_USERS)) await createUser(database.db, user);
	await database.close();
	const base = `http://localhost:${port}`;
	const databaseUrl = `sqlite:${dbFile}`;
	// The development signing key is trusted outside production (README, Security).
	const { TRUSTED_MODEL_KEYS: _t, NODE_ENV: _n, ...inherited } = process.env;
	const server: ChildProcess = spawn(NODE, [entry], {
		cwd: ROOT,
		env: {
			...inherited,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: base,
			MODELS_DIR: modelsDir,
			DATABASE_URL: databaseUrl,
			LOGIN_MAX_FAILURES_PER_IP: '1000',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	server.stdout!.on('data', (d) => (log += d));
	server.stderr!.on('data', (d) => (log += d));
	const stop = async () => {
		if (server.exitCode === null) {
			server.kill('SIGTERM');
			await once(server, 'exit');
		}
		await rm(dir, { recursive: true, force: true });
	};
	// Listening and serving the champion before the first page opens (slow under load).
	const deadline = Date.now() + 120_000;
	for (;;) {
		const ready = await fetch(`${base}/api/health`).then(
			(r) => r.ok,
			() => false
		);
		if (ready) break;
		if (server.exitCode !== null || Date.now() > deadline) {
			await stop();
			throw new Error(`The server on port ${port} did not start (is the port taken? run npm run build first):\n${log}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return { base, dir, modelsDir, databaseUrl, log: () => log, stop };
}
