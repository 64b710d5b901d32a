import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { defineConfig } from 'vite';
import { cspDirectives } from './src/lib/server/http/security-headers.ts';

export default defineConfig({
	plugins: [
		sveltekit({
			// BUILD_DIR: the release pipeline builds into its own folder (server.js reads the same variable).
			// BUILD_PRECOMPRESS=0 skips the .br/.gz twins (minutes of brotli on the ORT wasm; tests only).
			adapter: adapter({ out: process.env.BUILD_DIR ?? 'build', precompress: process.env.BUILD_PRECOMPRESS !== '0' }),
			// Pages get this CSP plus hashes/nonces of SvelteKit's inline scripts.
			csp: { mode: 'auto', directives: cspDirectives }
		})
	],
	test: {
		include: ['src/**/*.test.ts', 'training/src/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		// One throwaway PostgreSQL cluster for the server tests (tests/support/postgres.ts).
		globalSetup: ['tests/support/vitest-global-setup.ts'],
		testTimeout: 60_000
	}
});
