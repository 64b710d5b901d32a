import { defineConfig, devices } from '@playwright/test';
import { E2E_BASE_URL } from './tests/support/users.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/lib/chromium.ts';

// Browser tests: real Chromium (Debian package; `npx playwright install` cannot download
// here), the built app served by the real server (server.js) with a fresh SQLite file
// and the test users of tests/support/users.ts. Run `npm run build` first (npm test does).
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	timeout: 60_000,
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	forbidOnly: !!process.env.CI,
	reporter: 'list',
	use: {
		baseURL: E2E_BASE_URL,
		trace: 'retain-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					executablePath: CHROMIUM_PATH,
					args: [...CHROMIUM_ARGS]
				}
			}
		}
	],
	webServer: {
		// process.execPath: the Node 22 that runs Playwright (npm scripts put it on PATH).
		command: `"${process.execPath}" scripts/e2e-server.js`,
		url: `${E2E_BASE_URL}/login`,
		// Reusing a server someone else started means it can vanish mid-run (a shared
		// machine); opt in with E2E_REUSE_SERVER=1 while iterating on specs.
		reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
		timeout: 60_000,
		stdout: 'pipe',
		stderr: 'pipe'
	}
});
