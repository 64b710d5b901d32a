/**
 * The production build the server and app sections run: `vite build` into the bench's
 * own folder (BUILD_DIR, see vite.config.ts), so a teammate rebuilding ./build at the
 * same time cannot pull it away mid-run. Rebuilt only when sources are newer.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { newestMtime } from '#scripts/lib/newest-mtime.js';
import { RAW_DIR, ROOT } from '../lib/bundle.ts';

export const APP_BUILD_DIR = path.join(RAW_DIR, 'app-build');

export interface AppBuild {
	dir: string;
	/** 'fresh' (built now), 'cached' (up to date), 'stale' (sources changed, rebuild failed or skipped). */
	state: 'fresh' | 'cached' | 'stale';
	seconds: number;
	note: string | null;
}

function viteBuild(timeoutMs: number): Promise<{ ok: boolean; tail: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
			cwd: ROOT,
			// No .br/.gz twins: brotli on the 14-27 MB ORT binaries takes minutes; the report
			// gives gzip sizes measured on the wire instead (see counting-proxy.ts).
			env: { ...process.env, BUILD_DIR: APP_BUILD_DIR, BUILD_PRECOMPRESS: '0' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let tail = '';
		const keep = (d: Buffer) => (tail = (tail + d).slice(-2000));
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('exit', (code) => {
			clearTimeout(killer);
			resolve({ ok: code === 0, tail });
		});
	});
}

/** `rebuild: false` (quick mode) reuses any existing bench build, even if stale. */
export async function ensureAppBuild(rebuild: boolean, log: (line: string) => void): Promise<AppBuild> {
	const handler = path.join(APP_BUILD_DIR, 'handler.js');
	const built = existsSync(handler) ? statSync(handler).mtimeMs : 0;
	const sources = ['src', 'static', 'vite.config.ts', 'package.json'].map((p) => newestMtime(path.join(ROOT, p)));
	const stale = built === 0 || sources.some((t) => t > built);
	if (!stale) return { dir: APP_BUILD_DIR, state: 'cached', seconds: 0, note: null };
	if (!rebuild && built > 0) return { dir: APP_BUILD_DIR, state: 'stale', seconds: 0, note: 'quick mode reused an older bench build' };
	log('  building the app (vite build) into bench/results/raw/app-build ...');
	const started = performance.now();
	const result = await viteBuild(300_000);
	const seconds = (performance.now() - started) / 1000;
	if (result.ok) return { dir: APP_BUILD_DIR, state: 'fresh', seconds, note: null };
	const reason = result.tail
		.split('\n')
		.filter((l) => /error|Error/.test(l))
		.slice(0, 3)
		.join(' ')
		.slice(0, 300);
	if (built > 0)
		return { dir: APP_BUILD_DIR, state: 'stale', seconds, note: `vite build failed (${reason}); measured the previous bench build` };
	throw new Error(`vite build failed and there is no earlier bench build: ${reason}`);
}
