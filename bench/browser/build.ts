/**
 * Build the bench pages with Vite (no SvelteKit): model.html (model-only worker) and
 * e2e.html (the product's inference worker), and documents.html (the document worker) for
 * run-documents.ts. Output under bench/results/raw (git-ignored). ES workers, as in the
 * app: ORT's threads re-import their chunk.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { newestMtime } from '#scripts/lib/newest-mtime.js';
import { build, defaultClientConditions } from 'vite';
import { resolveTrustedKeys } from '#lib/bundle/trusted-keys.ts';
import { RAW_DIR, ROOT } from '../lib/bundle.ts';

export const BROWSER_DIST = path.join(RAW_DIR, 'browser-dist');

/**
 * Builds `pages` (names of html files in bench/browser) into `outDir`, only when one of
 * `inputs` (folders or files, relative to the repository) changed since the last build.
 */
export async function buildPages(outDir: string, pages: string[], inputs: string[]): Promise<string> {
	const root = path.join(ROOT, 'bench/browser');
	const markers = pages.map((name) => path.join(outDir, `${name}.html`));
	const built = markers.every((m) => existsSync(m)) ? Math.min(...markers.map((m) => statSync(m).mtimeMs)) : 0;
	if (built > 0 && inputs.every((p) => newestMtime(path.join(ROOT, p)) < built)) return outDir;
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
			outDir,
			emptyOutDir: true,
			target: 'es2022',
			minify: true,
			// Large wasm files are emitted as files, never inlined.
			assetsInlineLimit: 0,
			chunkSizeWarningLimit: 100_000,
			rollupOptions: { input: Object.fromEntries(pages.map((name) => [name, path.join(root, `${name}.html`)])) }
		}
	});
	return outDir;
}

/** The model and end-to-end pages, rebuilt only when they or the code they bundle changed. */
export function buildBenchPages(): Promise<string> {
	return buildPages(BROWSER_DIST, ['model', 'e2e'], ['bench/browser', 'bench/lib', 'src/lib', 'training/src/model', 'package.json']);
}
