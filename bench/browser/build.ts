/**
 * Build the two bench pages with Vite (no SvelteKit): model.html (model-only worker)
 * and e2e.html (the product's inference worker). Output under bench/results/raw
 * (git-ignored). ES workers, as in the app: ORT's threads re-import their chunk.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { newestMtime } from '#scripts/lib/newest-mtime.js';
import { build, defaultClientConditions } from 'vite';
import { resolveTrustedKeys } from '#lib/bundle/trusted-keys.ts';
import { RAW_DIR, ROOT } from '../lib/bundle.ts';

export const BROWSER_DIST = path.join(RAW_DIR, 'browser-dist');

/** Builds only when the pages or the code they bundle changed since the last build. */
export async function buildBenchPages(): Promise<string> {
	const root = path.join(ROOT, 'bench/browser');
	const marker = path.join(BROWSER_DIST, 'e2e.html');
	const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
	const inputs = ['bench/browser', 'bench/lib', 'src/lib', 'training/src/model', 'package.json'].map((p) =>
		newestMtime(path.join(ROOT, p))
	);
	if (built > 0 && inputs.every((t) => t < built)) return BROWSER_DIST;
	await build({
		configFile: false,
		root,
		logLevel: 'warn',
		base: '/',
		// Same onnxruntime-web build as the app (see vite.config.ts).
		resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
		// The model-signing keys the worker trusts, baked in as the app's build does (vite.config.ts).
		define: { __TRUSTED_MODEL_KEYS__: JSON.stringify(resolveTrustedKeys(process.env, { useNodeEnv: false }).keys) },
		worker: { format: 'es' },
		build: {
			outDir: BROWSER_DIST,
			emptyOutDir: true,
			target: 'es2022',
			minify: true,
			// Large wasm files are emitted as files, never inlined.
			assetsInlineLimit: 0,
			chunkSizeWarningLimit: 100_000,
			rollupOptions: { input: { model: path.join(root, 'model.html'), e2e: path.join(root, 'e2e.html') } }
		}
	});
	return BROWSER_DIST;
}
