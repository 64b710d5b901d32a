/**
 * The built app behind server.js in a child process of its own, for specs that need their
 * own models folder, database or settings apart from the shared Playwright test server.
 * Run `npm run build` first (as for every browser spec).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The Node 22 that `npm ci` installs, where there is one (the machine's own may be older). */
export const NODE = existsSync(path.join(ROOT, 'node_modules/.bin/node')) ? path.join(ROOT, 'node_modules/.bin/node') : process.execPath;

export interface AppServer {
	readonly origin: string;
	readonly child: ChildProcess;
	/** Everything the server printed so far (stdout and stderr). */
	log(): string;
	/** SIGTERM, then waits until the process has exited. */
	stop(): Promise<void>;
}

export interface AppServerOptions {
	port: number;
	/** Settings on top of the test process's environment (PORT and HOST are set already). */
	env: Record<string, string>;
	/** Variables of the test process's environment the server must not see (e.g. TRUSTED_MODEL_KEYS). */
	unset?: string[];
}

/** Starts server.js on 127.0.0.1:`port`; wait for it with waitForAppServer. */
export function spawnAppServer(options: AppServerOptions): AppServer {
	const env: NodeJS.ProcessEnv = { ...process.env };
	for (const name of options.unset ?? []) delete env[name];
	const child = spawn(NODE, [path.join(ROOT, 'server.js')], {
		cwd: ROOT,
		env: { ...env, PORT: String(options.port), HOST: '127.0.0.1', ...options.env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	return {
		origin: `http://127.0.0.1:${options.port}`,
		child,
		log: () => output,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			await once(child, 'exit');
		}
	};
}

/**
 * Polls `readyPath` until it answers 2xx. If the server exits first or `timeoutMs` passes,
 * stops it and throws with what it printed.
 */
export async function waitForAppServer(server: AppServer, readyPath = '/api/health', timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const ready = await fetch(`${server.origin}${readyPath}`).then(
			(r) => r.ok,
			() => false
		);
		if (ready) return;
		if (server.child.exitCode !== null || Date.now() > deadline) {
			const exited = server.child.exitCode !== null ? `exited with ${server.child.exitCode}` : `was not ready in ${timeoutMs / 1000} s`;
			await server.stop();
			throw new Error(`server.js on ${server.origin} ${exited} (GET ${readyPath}):\n${server.log()}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}
