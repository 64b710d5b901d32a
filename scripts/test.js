// `npm test`: unit tests (vitest), then the app build and the browser tests
// (Playwright, real Chromium, real server). Ends with one summary line
// "tests: N passed, N failed" that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'test-results');
mkdirSync(out, { recursive: true });
/** @param {string} name */
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/**
 * @param {string} label
 * @param {string} cmd
 * @param {string[]} args
 */
function run(label, cmd, args) {
	console.log(`\n== ${label}: ${[path.basename(cmd), ...args].join(' ')}`);
	const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
	return r.status ?? 1;
}

let passed = 0;
let failed = 0;
let ok = true;

const unitJson = path.join(out, 'vitest.json');
const unit = run('unit tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${unitJson}`]);
if (existsSync(unitJson)) {
	const r = JSON.parse(readFileSync(unitJson, 'utf8'));
	passed += r.numPassedTests;
	failed += r.numFailedTests;
}
ok &&= unit === 0;

const e2eDir = path.join(root, 'tests', 'e2e');
const hasE2e = existsSync(e2eDir) && readdirSync(e2eDir).some((f) => f.endsWith('.spec.ts'));
if (hasE2e && process.env.SKIP_E2E !== '1') {
	// The e2e build skips the .br/.gz twins of ORT's 14-27 MB WASM files (minutes of brotli
	// on a 2-core machine); production builds (`npm run build`, `npm start`) keep them.
	process.env.BUILD_PRECOMPRESS ??= '0';
	// Build and run the browser tests even when a unit test failed: one failure must not
	// hide the state of everything else (`&&=` would skip the build and make every browser
	// test fail for a reason that has nothing to do with it).
	const built = run('build', bin('vite'), ['build']) === 0;
	ok = ok && built;
	if (!built) {
		console.log('\nThe build failed: browser tests not run.');
		failed += 1;
		console.log(`\ntests: ${passed} passed, ${failed} failed`);
		process.exit(1);
	}
	const e2eJson = path.join(out, 'playwright.json');
	const e2e = spawnSync(bin('playwright'), ['test', '--reporter=list,json'], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson }
	});
	if (existsSync(e2eJson)) {
		const s = JSON.parse(readFileSync(e2eJson, 'utf8')).stats ?? {};
		passed += (s.expected ?? 0) + (s.flaky ?? 0);
		failed += s.unexpected ?? 0;
	}
	ok &&= e2e.status === 0;
}

console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
