/**
 * The release gate as the server runs it: `scripts/models.ts gate VERSION --json` in a child
 * process (the evaluation needs the training package, which the app does not bundle), so
 * the page and the CLI judge with the very same code. The server runs in the source tree
 * (`npm start`); `cli` points elsewhere when it does not.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { GateDecision, GateJudge } from './promotion.ts';

export interface GateProcessOptions {
	modelsDir: string;
	/** Default `scripts/models.ts` in the working directory. */
	cli?: string;
	env?: NodeJS.ProcessEnv;
}

const refused = (detail: string): GateDecision => ({
	pass: false,
	checks: [{ name: 'evaluation', ok: false, detail }],
	reason: `failed: evaluation ${detail}`
});

export function gateInChildProcess(options: GateProcessOptions): GateJudge {
	const cli = options.cli ?? path.resolve('scripts/models.ts');
	return (version) =>
		new Promise((resolve, reject) => {
			const child = spawn(process.execPath, [cli, 'gate', version, '--json', '--models-dir', options.modelsDir], {
				env: options.env ?? process.env,
				stdio: ['ignore', 'pipe', 'pipe']
			});
			let out = '';
			let err = '';
			child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
			child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
			child.on('error', reject);
			child.on('close', (code) => {
				const line = out.trim().split('\n').at(-1) ?? '';
				if (line.startsWith('{')) {
					try {
						resolve(JSON.parse(line) as GateDecision);
						return;
					} catch {
						// Fall through: reported below with the process's own words.
					}
				}
				// The CLI refused before judging (not signed, another featurizer, ...): its message says why.
				resolve(refused(err.trim() || `the gate exited with code ${code} and no decision`));
			});
		});
}
