// Unit tests of the benchmark's pure helpers: `node_modules/.bin/vitest run --config bench/vitest.config.ts`.
// (The root config's include list does not cover bench/.)
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: { root: import.meta.dirname, include: ['**/*.test.ts'], exclude: ['results/**', '**/node_modules/**'], environment: 'node' }
});
