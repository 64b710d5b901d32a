/**
 * Local deployment: run `node server.js` on a release's build (BUILD_DIR) and models
 * folder (MODELS_DIR), wait until /api/health says ready with the expected model, and
 * remember it in <workDir>/deploy/current.json (with the deployment it replaced, for
 * rollback). The server is detached: it keeps serving after the release command ends.
 * Other hosts (App Service, Kubernetes) run the same build with the same variables.
 */
import { spawn } from 'node:child_process';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '#lib/errors.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface Deployment {
	release: string;
	buildDir: string;
	modelsDir: string;
	port: number;
	pid: number;
	startedAt: string;
}

export interface DeployState {
	current: Deployment | null;
	previous: Deployment | null;
}

export class DeployError extends CodedError<'DEPLOY_FAILED'> {
	constructor(message: string) {
		super('DEPLOY_FAILED', message);
	}
}

const stateFile = (workDir: string) => path.join(workDir, 'deploy', 'current.json');

export async function readDeployState(workDir: string): Promise<DeployState> {
	try {
		return JSON.parse(await readFile(stateFile(workDir), 'utf8')) as DeployState;
	} catch {
		return { current: null, previous: null };
	}
}

async function writeDeployState(workDir: string, state: DeployState): Promise<void> {
	const file = stateFile(workDir);
	await mkdir(path.dirname(file), { recursive: true });
	await writeFile(`${file}.tmp`, JSON.stringify(state, null, '\t'));
	await rename(`${file}.tmp`, file);
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** SIGTERM the server we started (by its pid) and wait until it is gone. */
export async function stopServer(pid: number, timeoutMs = 10_000): Promise<void> {
	if (!alive(pid)) return;
	process.kill(pid, 'SIGTERM');
	const until = Date.now() + timeoutMs;
	while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
	if (alive(pid)) process.kill(pid, 'SIGKILL');
}

export interface Health {
	status: string;
	model: string | null;
}

export async function waitForHealth(url: string, expectedModel: string | null, timeoutMs: number, exited: () => boolean): Promise<Health> {
	const until = Date.now() + timeoutMs;
	let last = 'no answer';
	while (Date.now() < until) {
		if (exited()) throw new DeployError(`The server exited before it was ready (last health: ${last}); see its log.`);
		try {
			const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(3000) });
			const body = (await res.json()) as Health;
			last = `${res.status} ${JSON.stringify(body)}`;
			if (res.ok && body.status === 'ready' && (expectedModel === null || body.model === expectedModel)) return body;
		} catch (error) {
			last = (error as Error).message;
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new DeployError(
		`${url}/api/health did not report ready with model ${expectedModel ?? '(any)'} within ${timeoutMs / 1000} s (last: ${last})`
	);
}

export interface StartOptions {
	release: string;
	buildDir: string;
	modelsDir: string;
	port: number;
	workDir: string;
	/** null: any model, as long as the server is ready. */
	expectedModel: string | null;
	/** Extra environment (DATABASE_URL ...); the rest is inherited. */
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
}

async function startServer(options: StartOptions): Promise<Deployment> {
	const logFile = path.join(options.workDir, 'deploy', `server-${options.release}.log`);
	await mkdir(path.dirname(logFile), { recursive: true });
	const out = await open(logFile, 'a');
	const child = spawn(process.execPath, [path.join(REPO_ROOT, 'server.js')], {
		cwd: REPO_ROOT,
		detached: true,
		stdio: ['ignore', out.fd, out.fd],
		env: {
			...process.env,
			...options.env,
			BUILD_DIR: options.buildDir,
			MODELS_DIR: options.modelsDir,
			PORT: String(options.port),
			HOST: process.env.HOST ?? '127.0.0.1'
		}
	});
	await out.close();
	child.unref();
	let exited = false;
	child.on('exit', () => (exited = true));
	const deployment: Deployment = {
		release: options.release,
		buildDir: options.buildDir,
		modelsDir: options.modelsDir,
		port: options.port,
		pid: child.pid!,
		startedAt: new Date().toISOString()
	};
	try {
		await waitForHealth(`http://127.0.0.1:${options.port}`, options.expectedModel, options.timeoutMs ?? 90_000, () => exited);
	} catch (error) {
		await stopServer(deployment.pid);
		throw new DeployError(`${(error as Error).message} Server log: ${logFile}`);
	}
	return deployment;
}

/** Replace the running server (if any) by one on the new build. On failure the previous one is started again. */
export async function deploy(options: StartOptions): Promise<Deployment> {
	const state = await readDeployState(options.workDir);
	if (state.current) await stopServer(state.current.pid);
	try {
		const deployment = await startServer(options);
		await writeDeployState(options.workDir, { current: deployment, previous: state.current });
		return deployment;
	} catch (error) {
		if (state.current) {
			const back = await startServer({ ...options, ...state.current, expectedModel: null }).catch(() => null);
			if (back) await writeDeployState(options.workDir, { current: back, previous: state.previous });
		}
		throw error;
	}
}

/** Stop the current server and start the previous deployment again (automatic rollback). */
export async function redeployPrevious(options: {
	workDir: string;
	expectedModel: string | null;
	env?: NodeJS.ProcessEnv;
}): Promise<Deployment | null> {
	const state = await readDeployState(options.workDir);
	if (state.current) await stopServer(state.current.pid);
	if (!state.previous) {
		await writeDeployState(options.workDir, { current: null, previous: null });
		return null;
	}
	const back = await startServer({ ...state.previous, workDir: options.workDir, expectedModel: options.expectedModel, env: options.env });
	await writeDeployState(options.workDir, { current: back, previous: null });
	return back;
}
