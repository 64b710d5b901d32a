/**
 * Issue 15 end to end, the whole loop: the committed champion calls "Delrin" parts compliant,
 * though Delrin is acetal, a plastic. A technician overrides four such verdicts in the app, an
 * analyst confirms them on the review page with the keyboard, the technician's inventory shows
 * the reviews; then `npm run release -- --quick --feedback` exports the reviewed labels from the
 * server's database, fine-tunes the champion with them (warm start, fixed seed and epochs), passes
 * the gate (the field-eval text it now gets right listed) and becomes champion; the device takes
 * the update and now calls the same phrasing, and variants it never saw, non-compliant; the
 * analyst confirms two of the new verdicts and monitoring shows realized accuracy for both versions.
 *
 * A new champion would change what every other spec sees, so this spec runs its own server
 * (port E2E_PORT + 1, its own SQLite file and a copy of models/; tests/support/own-server.ts).
 * REVIEW_AUDIT_RATE=1 there: every confident verdict is in the audit sample, so the new model's
 * verdicts reach the review queue without an override.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { classify, openApp } from './pwa-helpers.ts';
import { signInPage } from '../support/session.ts';
import { E2E_PORT } from '../support/users.ts';
import { NODE, startOwnServer, type OwnServer } from '../support/own-server.ts';
import { runScript, type ScriptRun } from '../support/run-script.ts';

const PORT = E2E_PORT + 1;
// Descriptions the champion gets wrong (checked with `npm run classify`). The first three fall
// in the field-train part, the fourth in the frozen field-eval part (src/lib/feedback/field-split.ts).
const TEXTS = [
	'Bracket of Delrin made 2013 good condition',
	'Bracket of Delrin made 2021 good condition',
	'Bracket of Delrin made 2013 in new condition',
	'Gear of Delrin made 2016 good condition'
];
const FIELD_EVAL = TEXTS[3];
// Never reviewed nor trained on: the new model must generalize to them.
const UNSEEN = ['Roller of Delrin made 2012 good condition', 'Washer of Delrin made 2016 good condition'];
const REASON = 'Delrin is acetal, a plastic';
const VERSION = /\d{8}-\d{6}-[0-9a-f]{6}/;
const SHOTS = '/tmp/shots-finetune';

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: `http://localhost:${PORT}` });

let server: OwnServer;

test.beforeAll(async () => {
	test.setTimeout(150_000);
	server = await startOwnServer(PORT, { REVIEW_AUDIT_RATE: '1' });
});

test.afterAll(async () => {
	await server?.stop();
});

function release(args: string[]): Promise<ScriptRun> {
	return runScript('release.ts', args, { DATABASE_URL: server.databaseUrl, ONNXRUNTIME_NODE_INSTALL: 'skip' }, NODE);
}

async function verdictOf(page: Page, text: string): Promise<string | null> {
	await classify(page, text);
	return page.getByTestId('verdict').getAttribute('data-label');
}

async function confirmOnReviewPage(review: Page, texts: readonly string[], label: string): Promise<void> {
	for (const text of texts) {
		const card = review.getByTestId('review-item').filter({ hasText: text }).first();
		// The card's top edge: a card that is already selected holds the note field in its middle.
		await card.click({ position: { x: 8, y: 8 } });
		// Selected and not busy with the previous decision (keys are ignored until then).
		await expect(card.getByRole('button', { name: /^Confirm/ })).toBeEnabled();
		await review.keyboard.press('c');
		await expect(review.getByTestId('review-status')).toContainText(`“${text}” confirmed ${label}`);
		await expect(review.getByTestId('review-item').filter({ hasText: text })).toHaveCount(0);
	}
	// The status line reads the same after each decision: wait for the server to hold them all.
	await expect
		.poll(async () => {
			const items = (await (await review.request.get('/api/review?status=decided')).json()).items as { description: string }[];
			return texts.filter((t) => items.some((i) => i.description === t));
		})
		.toEqual([...texts]);
}

test('overrides become reviewed labels, a release fine-tunes the champion with them, and the device gets the phrasing right', async ({
	page,
	browser
}) => {
	test.setTimeout(900_000); // 1.2-1.7 min on the shared 2-core machine; the training slows down under heavier load
	await openApp(page, '/');
	let champion = '';
	for (const text of TEXTS) {
		await classify(page, text);
		await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', '0');
		champion ||= ((await page.getByTestId('model-version').textContent()) ?? '').match(VERSION)?.[0] ?? '';
		await page.getByRole('button', { name: 'Save to inventory' }).click();
		await page.getByRole('button', { name: 'Override label…' }).click();
		await page.getByRole('radio', { name: 'Non-compliant', exact: true }).check();
		await page.getByLabel('Reason for the override').fill(REASON);
		await page.getByRole('button', { name: 'Save override' }).click();
		await expect(page.getByTestId('override-note')).toBeVisible();
	}
	expect(champion).not.toBe('');
	await page.getByRole('button', { name: 'Sync now' }).click();
	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/, { timeout: 20_000 });

	// The analyst confirms the four overrides with the keyboard.
	const analyst = await browser.newContext({ viewport: { width: 1024, height: 768 }, baseURL: server.base });
	const review = await analyst.newPage();
	await signInPage(review, 'analyst', '/review');
	for (const text of TEXTS)
		await expect(review.getByTestId('review-item').filter({ hasText: text }).first().getByTestId('override')).toContainText(REASON);
	await confirmOnReviewPage(review, TEXTS, 'Non-compliant');
	const decided = (await (await review.request.get('/api/review?status=decided')).json()).items as {
		description: string;
		modelVersion: string;
		review: { label: number; reviewer: string };
	}[];
	expect(decided.map((i) => [i.description, i.review.label, i.review.reviewer, i.modelVersion]).sort()).toEqual(
		TEXTS.map((t) => [t, 1, 'analyst', champion]).sort()
	);

	// The technician's device pulls the reviews.
	await page.getByRole('link', { name: 'Inventory' }).click();
	await page.getByRole('button', { name: 'Sync now' }).click();
	await page.getByRole('searchbox', { name: 'Search' }).fill('Delrin');
	const reviewed = page.getByTestId('inventory-item').getByTestId('item-review');
	await expect(reviewed).toHaveCount(TEXTS.length, { timeout: 20_000 });
	await expect(reviewed.first()).toContainText(/Reviewed: Non-compliant \(by analyst, .+\)/);

	// The release: export from this server's database, fine-tune the champion (seed 1, 2 epochs
	// and no time budget, so the same model every run), the gate, the registry. The latency limit
	// is raised: a p50 measured on a machine shared with other jobs is not what this test checks.
	const work = path.join(server.dir, 'release');
	await mkdir(work, { recursive: true });
	const run = await release([
		...['--quick', '--feedback', '--no-build', '--no-publish-dir', '--by', 'e2e-feedback'],
		...['--models-dir', server.modelsDir, '--work-dir', work, '--seed', '1', '--budget', '1800', '--max-p50-ms', '50']
	]);
	await writeFile(test.info().outputPath('release.log'), run.out);
	expect(run.code, run.out).toBe(0);
	const version = /Release RELEASED: candidate (\d{8}-\d{6}-[0-9a-f]{6})/.exec(run.out)?.[1] ?? '';
	expect(version, run.out).not.toBe('');
	expect(run.out).toContain(`fine-tuned from ${champion}`);
	expect(run.out).toMatch(/feedback +passed .*4 reviewed texts \(1 field-eval, 3 field-train\)/);
	expect(run.out).toMatch(/ok {3}field-eval vs champion/);
	expect(run.out).toContain(`Corrected phrasings the champion got wrong and the candidate gets right (1):\n  - "${FIELD_EVAL}"`);

	// The server switches to the new champion (it polls the registry), the device takes the update.
	await expect
		.poll(async () => (await (await fetch(`${server.base}/api/health`)).json()).model, {
			message: `the server serves ${version}\n${server.log()}`,
			timeout: 60_000
		})
		.toBe(version);
	await page.goto('/');
	await page.getByRole('button', { name: 'Check for update' }).click();
	await expect(page.getByTestId('model-version')).toContainText(version, { timeout: 60_000 });
	for (const text of TEXTS) expect(await verdictOf(page, text), text).toBe('1');
	for (const text of UNSEEN) {
		expect(await verdictOf(page, text), text).toBe('1');
		await page.getByRole('button', { name: 'Save to inventory' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Saved to the inventory' })).toBeVisible();
	}
	await page.getByRole('button', { name: 'Sync now' }).click();
	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/, { timeout: 30_000 });

	// The analyst confirms the new model's verdicts (audit sample), and monitoring shows both versions.
	await review.goto('/review');
	await confirmOnReviewPage(review, UNSEEN, 'Non-compliant');
	const summary = await (await review.request.get('/api/monitoring/summary')).json();
	const realized = (v: string) => summary.realized.byModel.find((m: { modelVersion: string }) => m.modelVersion === v);
	expect(realized(champion)).toMatchObject({ reviewed: 4, correct: 0, accuracy: 0 });
	expect(realized(version)).toMatchObject({ reviewed: 2, correct: 2, accuracy: 1, audit: { reviewed: 2, correct: 2 } });
	await review.goto('/monitoring');
	const row = (v: string) => review.locator(`[data-testid="realized-row"][data-model="${v}"]`).getByTestId('realized-all');
	await expect(row(champion)).toContainText('0 of 4');
	await expect(row(version)).toContainText('2 of 2');
	await review.getByTestId('realized-performance').scrollIntoViewIfNeeded();
	await review.screenshot({ path: `${SHOTS}/monitoring-realized-1024x768.png` });
	await review.setViewportSize({ width: 390, height: 844 });
	await review.getByTestId('realized-performance').scrollIntoViewIfNeeded();
	await review.screenshot({ path: `${SHOTS}/monitoring-realized-390x844.png` });
	await analyst.close();
});
