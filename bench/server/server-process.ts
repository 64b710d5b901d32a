/**
 * The real production server (server.js + the built app) on 127.0.0.1, on a fresh
 * database with one technician and an API key, rate limits lifted (we measure capacity,
 * not the limiter). Stops itself: SIGTERM on stop(), and a hard kill deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDatabaseUrl } from '#lib/server/config.ts';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { createApiKey } from '#lib/server/auth/api-keys.ts';
import { ROOT } from '../lib/bundle.ts';
import { freePort } from '#scripts/lib/free-port.ts';

export interface Credentials {
	username: string;
	password: string;
}

export interface RunningServer {
	origin: string;
	apiKey: string;
	/** The technician the API key belongs to (sign in with POST /api/session). */
	credentials: Credentials;
	/** `session=...` of that technician: telemetry is accepted from technician sessions only, not API keys. */
	sessionCookie: string;
	/** CPU seconds (user + system) the server process has used so far; null where /proc is missing. */
	cpuSeconds(): number | null;
	stop(): Promise<void>;
}

/** utime + stime of a process from /proc/<pid>/stat, in seconds (Linux). */
export function processCpuSeconds(pid: number | undefined): number | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the ")" that closes the command name; utime and stime are fields 14 and 15.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
	} catch {
		return null;
	}
}

/** USER_HZ: 100 on every Linux we run on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/** A technician account and its API key in the database at `databaseUrl` (migrated on open). */
export async function provisionTechnician(databaseUrl: string): Promise<{ apiKey: string; credentials: Credentials }> {
	const database = await openDatabase(parseDatabaseUrl(databaseUrl));
	try {
		const credentials = { username: 'bench', password: crypto.randomUUID() };
		await createUser(database.db, { ...credentials, role: 'technician' });
		return { apiKey: (await createApiKey(database.db, credentials.username, { scopes: ['classify', 'sync', 'read'] })).key, credentials };
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
	/** Answered 200 once the server is ready (default /api/health, which also needs a model). */
	readyPath?: string;
}

async function waitReady(origin: string, child: ChildProcess, timeoutMs: number, readyPath: string): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (child.exitCode !== null) throw new Error(`server.js exited with code ${child.exitCode} before it was ready`);
		try {
			const r = await fetch(`${origin}${readyPath}`);
			if (r.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`server.js was not ready (GET ${readyPath}) within ${timeoutMs / 1000} s`);
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
	const { apiKey, credentials } = await provisionTechnician(options.databaseUrl);
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
			// The load's events name a made-up model version.
			TELEMETRY_ACCEPT_UNKNOWN_MODELS: '1',
			CLASSIFY_TEXTS_PER_MINUTE: '1000000000',
			NODE_ENV: 'production',
			// The bench bundles are signed with the development key (a production server trusts only production keys).
			TRUSTED_MODEL_KEYS: process.env.TRUSTED_MODEL_KEYS ?? 'development'
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
		await waitReady(origin, child, 60_000, options.readyPath ?? '/api/health');
	} catch (e) {
		await stop();
		throw new Error(`${(e as Error).message}; server output:\n${output}`);
	}
	const signIn = await fetch(`${origin}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin },
		body: JSON.stringify(credentials)
	});
	const sessionCookie = /session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')?.[0];
	if (!sessionCookie) {
		await stop();
		throw new Error(`bench: cannot sign in as ${credentials.username} (${signIn.status}); server output:\n${output}`);
	}
	return { origin, apiKey, credentials, sessionCookie, cpuSeconds: () => processCpuSeconds(child.pid), stop };
}
