/// <reference types="vitest/config" />
import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { defineConfig, defaultClientConditions } from 'vite';
import { cspDirectives } from './src/lib/server/http/security-headers.ts';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolveTrustedKeys } from './src/lib/bundle/trusted-keys.ts';

// The app version on telemetry events and in the service worker's cache names:
// package version + git commit + build time, so analysts can tell builds apart and every
// build is a new service-worker version.
function appVersion(): string {
	const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
	let commit = 'nogit';
	try {
		commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
			.toString()
			.trim();
	} catch {
		// Not a git checkout (a source tarball): the build time still tells builds apart.
	}
	return `${version}+${commit}.${Date.now().toString(36)}`;
}

export default defineConfig({
	plugins: [
		sveltekit({
			// BUILD_DIR: the release pipeline builds into its own folder (server.js reads the same variable).
			// BUILD_PRECOMPRESS=0 skips the .br/.gz twins (minutes of brotli on the ORT wasm; tests only).
			adapter: adapter({ out: process.env.BUILD_DIR ?? 'build', precompress: process.env.BUILD_PRECOMPRESS !== '0' }),
			// Pages get this CSP plus hashes/nonces of SvelteKit's inline scripts.
			csp: { mode: 'auto', directives: cspDirectives },
			// The cross-site form check runs in hooks.server.ts (src/lib/server/http/request-policy.ts), so
			// that the API can answer a missing or form content type with a JSON 415 instead of a text 403.
			csrf: { trustedOrigins: ['*'] },
			version: { name: process.env.APP_VERSION ?? appVersion() }
		})
	],
	// The model-signing keys the app trusts, pinned into the build (src/lib/inference/pinned-keys.ts).
	// `vite build` always sets NODE_ENV=production, so only TRUSTED_MODEL_KEYS decides here.
	define: { __TRUSTED_MODEL_KEYS__: JSON.stringify(resolveTrustedKeys(process.env, { useNodeEnv: false }).keys) },
	// onnxruntime-web's "extern wasm" builds: the WASM binaries and their .mjs glue are
	// loaded from URLs we give it (src/lib/inference/client.ts), so Vite emits each 14-27 MB
	// binary once, listed in $app/manifest for the service worker, and WASM threads start
	// from the standalone glue file (not from our worker bundle, which stays one file).
	resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
	// ES module workers (both are started with { type: 'module' }): a dynamic import inside a
	// worker stays its own chunk, so the inference worker's script holds no onnxruntime and
	// loads only the build it runs (WASM, or WebGPU where the device has it).
	worker: { format: 'es' },
	test: {
		include: ['src/**/*.test.ts', 'training/src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts', 'tests/support/**/*.test.ts'],
		exclude: ['**/node_modules/**', 'bench/results/**'],
		environment: 'node',
		// One throwaway PostgreSQL cluster for the server tests (tests/support/postgres.ts).
		globalSetup: ['tests/support/vitest-global-setup.ts'],
		testTimeout: 60_000
	}
});
