/**
 * Issue 13: the admin Models page. A real server.js on a copy of the committed models
 * folder plus two candidates made from the champion (one the gate passes, one whose
 * threshold makes it fail); the gate runs for real (the CLI's `gate` in a child process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { readRegistry, registerVersion } from '#lib/registry/registry.ts';
import { loadSigningKey, signBundle } from '#lib/registry/signing.ts';
import { freePort } from '#scripts/lib/free-port.ts';
import { TEST_USERS } from '#tests/support/users.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'ui-admin-models-'));
const modelsDir = path.join(work, 'models');
let server: { origin: string; child: ChildProcess };

/** A copy of `from` registered as `version`, its manifest changed by `edit`, signed with the development key. */
async function candidate(from: string, version: string, edit: (m: Record<string, unknown>) => void) {
	const manifest = JSON.parse(readFileSync(path.join(modelsDir, from, 'manifest.json'), 'utf8'));
	mkdirSync(path.join(modelsDir, version));
	cpSync(path.join(modelsDir, from, 'model.onnx'), path.join(modelsDir, version, 'model.onnx'));
	manifest.version = version;
	manifest.files.model.path = `${version}/model.onnx`;
	edit(manifest);
	writeFileSync(path.join(modelsDir, version, 'manifest.json'), JSON.stringify(manifest, null, '\t'));
	await signBundle(modelsDir, version, await loadSigningKey({}));
	const entry = (await readRegistry({ modelsDir })).versions.find((v) => v.version === from)!;
	await registerVersion(
		{ ...entry, version, manifest: `${version}/manifest.json`, created: new Date().toISOString() },
		{ modelsDir, by: 'e2e', reason: `copy of ${from}` }
	);
}

test.beforeAll(async () => {
	test.setTimeout(120_000);
	cpSync(path.join(ROOT, 'models'), modelsDir, { recursive: true, filter: (src) => !src.includes(`${path.sep}eval`) });
	const champion = (await readRegistry({ modelsDir })).aliases.champion!;
	await candidate(champion, 'e2e-candidate-good', () => {});
	// Training recorded ONNX and TF.js disagreeing: the gate's parity check refuses it.
	await candidate(
		champion,
		'e2e-candidate-bad',
		(m) => ((m.lineage as { parity: { maxAbsDiffNode: number } }).parity.maxAbsDiffNode = 0.01)
	);
	const file = path.join(work, 'app.sqlite');
	const seed = await openDatabase({ dialect: 'sqlite', file });
	for (const user of Object.values(TEST_USERS)) await createUser(seed.db, user);
	await seed.close();
	const port = await freePort();
	const child = spawn(process.execPath, [path.join(ROOT, 'server.js')], {
		cwd: ROOT,
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: `sqlite:${file}`, MODELS_DIR: modelsDir },
		stdio: 'ignore'
	});
	const origin = `http://127.0.0.1:${port}`;
	await expect
		.poll(
			() =>
				fetch(`${origin}/login`).then(
					(r) => r.ok,
					() => false
				),
			{ timeout: 30_000 }
		)
		.toBe(true);
	server = { origin, child };
});

test.afterAll(async () => {
	server?.child.kill('SIGTERM');
	if (server && server.child.exitCode === null) await new Promise((r) => server.child.once('exit', r));
	rmSync(work, { recursive: true, force: true });
});

async function signInAdmin(page: Page) {
	const { username, password } = TEST_USERS.admin;
	await page.goto(`${server.origin}/login?next=/admin/models`);
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	await expect(page.getByLabel('Username')).toHaveValue(username);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
	await page.waitForLoadState('networkidle');
}

const row = (page: Page, version: string) => page.locator(`[data-testid="model-version-row"][data-version="${version}"]`);

test('an admin sees the versions, a refused promotion with the gate reasons, a promotion with a reason, and a rollback', async ({
	page
}) => {
	test.setTimeout(180_000);
	const before = (await readRegistry({ modelsDir })).aliases.champion!;
	await signInAdmin(page);
	await expect(page.getByTestId('champion')).toHaveText(before);
	await expect(row(page, before).getByText('Champion', { exact: true })).toBeVisible();
	await expect(row(page, 'e2e-candidate-good').getByTestId('signature')).toContainText('signed (');
	await expect(row(page, '20261124-024624-bd2521').getByTestId('signature')).toContainText('Not usable');
	// An old, unsigned version: no Promote button, the reason instead (the gate would refuse it).
	await expect(row(page, '20261124-024624-bd2521').getByRole('button', { name: /Promote/ })).toHaveCount(0);
	await expect(row(page, '20261124-024624-bd2521').getByTestId('promote-blocked')).toHaveText(
		'Cannot be promoted: it was built for featurizer 1, and this app uses featurizer 2; its signature does not check out.'
	);
	// Who is signed in, and Sign out, once: in the app shell, not again in the page header.
	await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(1);
	await expect(page.getByText(`(${TEST_USERS.admin.role})`)).toHaveCount(1);
	await expect(row(page, before)).toContainText('Realistic set accuracy');

	// Refused: the gate's failed checks are shown and nothing changes.
	await row(page, 'e2e-candidate-bad').getByLabel('Reason for promoting').fill('Trying a stricter threshold');
	await row(page, 'e2e-candidate-bad').getByRole('button', { name: 'Promote' }).click();
	const result = page.getByTestId('gate-result');
	await expect(result).toContainText('Refused: e2e-candidate-bad did not pass the release gate', { timeout: 90_000 });
	await expect(result).toContainText('Failed: onnx parity');
	await expect(result).toContainText('Passed: accuracy');
	await expect(result).toContainText(`The champion stays ${before}`);
	expect((await readRegistry({ modelsDir })).aliases.champion).toBe(before);

	// Passed: champion now, the admin's reason in the history.
	await row(page, 'e2e-candidate-good').getByLabel('Reason for promoting').fill('Same model, re-signed for the audit');
	await row(page, 'e2e-candidate-good').getByRole('button', { name: 'Promote' }).click();
	await expect(result).toContainText('e2e-candidate-good is the champion now', { timeout: 90_000 });
	await expect(result).toContainText('Passed: accuracy');
	await expect(page.getByTestId('champion')).toHaveText('e2e-candidate-good');
	let registry = await readRegistry({ modelsDir });
	expect(registry.aliases.champion).toBe('e2e-candidate-good');
	const promoted = registry.history.at(-1)!;
	expect(promoted).toMatchObject({
		action: 'promote',
		version: 'e2e-candidate-good',
		by: TEST_USERS.admin.username,
		previousChampion: before
	});
	expect(promoted.reason).toMatch(/^manual promote, gate passed: .*; Same model, re-signed for the audit$/);
	await expect(page.getByTestId('models-history')).toContainText('Same model, re-signed for the audit');

	// Roll back one step, with a reason.
	await page.getByLabel('Reason for the rollback').fill('Field reports of wrong verdicts');
	await page.getByRole('button', { name: 'Roll back to the previous champion' }).click();
	await expect(page.getByTestId('rollback-result')).toHaveText(`Rolled back: ${before} is the champion again.`);
	registry = await readRegistry({ modelsDir });
	expect(registry.aliases.champion).toBe(before);
	expect(registry.history.at(-1)).toMatchObject({ action: 'rollback', version: before, reason: 'Field reports of wrong verdicts' });
});

test('the page and its API are for admins only', async ({ request }) => {
	const { username, password } = TEST_USERS.analyst;
	expect((await request.get(`${server.origin}/api/admin/models`)).status()).toBe(401);
	expect((await request.post(`${server.origin}/api/session`, { data: { username, password } })).status()).toBe(200);
	expect((await request.get(`${server.origin}/api/admin/models`)).status()).toBe(403);
	expect((await request.post(`${server.origin}/api/admin/models/rollback`, { data: { reason: 'x' } })).status()).toBe(403);
});
