/**
 * Runs one of `scripts/*.ts` in a child Node process from the repository root, as a user
 * would with `npm run ...`, and resolves with its exit code and everything it printed
 * (stdout and stderr together). Used by the release tests and the feedback-loop spec.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ScriptRun {
	code: number;
	out: string;
}

/** `env` goes on top of this process's environment; `node` defaults to this process's Node. */
export function runScript(
	script: string,
	args: readonly string[],
	env: NodeJS.ProcessEnv = {},
	node = process.execPath
): Promise<ScriptRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(node, [path.join(ROOT, 'scripts', script), ...args], {
			cwd: ROOT,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('exit', (code) => resolve({ code: code ?? 1, out }));
	});
}
