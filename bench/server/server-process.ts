/**
 * The real production server (server.js + the built app) on 127.0.0.1, on a fresh
 * database with one technician and an API key, rate limits lifted (we measure capacity,
 * not the limiter). Stops itself: SIGTERM on stop(), and a hard kill deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { parseDatabaseUrl } from '../../src/lib/server/config.ts';
import { openDatabase } from '../../src/lib/server/db/connect.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { createApiKey } from '../../src/lib/server/auth/api-keys.ts';
import { ROOT } from '../lib/bundle.ts';

export interface RunningServer {
	origin: string;
	apiKey: string;
	stop(): Promise<void>;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** A technician account and its API key in the database at `databaseUrl` (migrated on open). */
export async function provisionApiKey(databaseUrl: string): Promise<string> {
	const database = await openDatabase(parseDatabaseUrl(databaseUrl));
	try {
		await createUser(database.db, { username: 'bench', role: 'technician', password: crypto.randomUUID() });
		return (await createApiKey(database.db, 'bench')).key;
	} finally {
		await database.close();
	}
}

export interface StartServerOptions {
	buildDir: string;
	modelsDir: string;
	databaseUrl: string;
	/** Kill the server after this long whatever happens (ms). */
	lifetimeMs: number;
	log: (line: string) => void;
}

async function waitReady(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (child.exitCode !== null) throw new Error(`server.js exited with code ${child.exitCode} before it was ready`);
		try {
			const r = await fetch(`${origin}/api/health`);
			if (r.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`server.js was not ready (GET /api/health) within ${timeoutMs / 1000} s`);
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
	const apiKey = await provisionApiKey(options.databaseUrl);
	const port = await freePort();
	const child = spawn(process.execPath, [path.join(ROOT, 'server.js')], {
		cwd: ROOT,
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(port),
			BUILD_DIR: options.buildDir,
			DATABASE_URL: options.databaseUrl,
			MODELS_DIR: options.modelsDir,
			TELEMETRY_EVENTS_PER_MINUTE: '1000000000',
			CLASSIFY_TEXTS_PER_MINUTE: '1000000000',
			NODE_ENV: 'production'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (d) => (output = (output + d).slice(-4000)));
	child.stderr?.on('data', (d) => (output = (output + d).slice(-4000)));
	const killer = setTimeout(() => child.kill('SIGKILL'), options.lifetimeMs);
	killer.unref();
	const origin = `http://127.0.0.1:${port}`;
	const stop = () =>
		new Promise<void>((resolve) => {
			clearTimeout(killer);
			if (child.exitCode !== null) return resolve();
			const hard = setTimeout(() => child.kill('SIGKILL'), 8000);
			child.once('exit', () => {
				clearTimeout(hard);
				resolve();
			});
			child.kill('SIGTERM');
		});
	try {
		await waitReady(origin, child, 60_000);
	} catch (e) {
		await stop();
		throw new Error(`${(e as Error).message}; server output:\n${output}`);
	}
	return { origin, apiKey, stop };
}
