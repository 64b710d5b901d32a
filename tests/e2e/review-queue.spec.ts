/**
 * The review queue against the real server: a technician's overrides and flagged verdicts
 * reach an analyst's /review page, decided with the keyboard only; technicians are refused
 * the API; the technician's device shows "Reviewed: ..." in its inventory after a sync.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { signInApi, signInPage } from '../support/session.ts';
import { recordInput } from '../support/sync-records.ts';
import { serveModel, signIn } from './pwa-helpers.ts';
import type { InventoryRecord, RecordInput } from '#lib/sync/protocol.ts';

const MARK = `RQ${Date.now().toString(36)}`;
const SHOTS = '/tmp/shots-review';

function record(description: string, o: Partial<RecordInput>): RecordInput {
	const at = new Date().toISOString();
	return recordInput({ description, probability: 0.2, modelVersion: 'e2e-review', createdAt: at, updatedAt: at, ...o });
}

const iron = record(`Iron bracket ${MARK}, built 2004, good condition`, {
	probability: 0.08,
	override: { label: 1, reason: 'iron is banned, the model missed it' }
});
// Overridden too: on the shared test server other specs' overrides come first in the queue
// (overrides, then needs-review, then the audit sample), and the page shows 50 at a time.
const flagged = record(`Housing ${MARK} of unclear material, 1999, good`, {
	needsReview: true,
	probability: 0.55,
	label: 1,
	override: { label: 1, reason: 'material unclear, assumed plastic' }
});
// Overridden, so it is in the queue whatever the server's own model says of it (the server
// re-checks every pushed verdict); the analyst rejects it as not a component.
const noise = record(`Pallet ${MARK} count 12 see sheet`, {
	needsReview: true,
	probability: 0.5,
	override: { label: 1, reason: 'count sheet, unsure' }
});

/** The records as the server stored them (pulled like a device does, page by page). */
async function storedRecords(device: APIRequestContext, ids: string[]): Promise<Map<string, InventoryRecord>> {
	const found = new Map<string, InventoryRecord>();
	let cursor: string | null = null;
	for (;;) {
		const r = await device.post('/api/sync', { data: { cursor, changes: [] } });
		const body = (await r.json()) as { cursor: string; more: boolean; changes: InventoryRecord[] };
		for (const c of body.changes) if (ids.includes(c.id)) found.set(c.id, c);
		if (!body.more) return found;
		cursor = body.cursor;
	}
}

interface Realized {
	reviewed: number;
	correct: number;
	rejected: number;
}

async function realizedFor(page: Page, model: string): Promise<Realized> {
	const summary = await (await page.request.get(`/api/monitoring/summary?model=${encodeURIComponent(model)}`)).json();
	const m = (summary.realized?.byModel ?? []).find((x: { modelVersion: string }) => x.modelVersion === model);
	return { reviewed: m?.reviewed ?? 0, correct: m?.correct ?? 0, rejected: m?.rejected ?? 0 };
}

const labelName = (l: number) => (l === 1 ? 'Non-compliant' : 'Compliant');

const card = (page: Page, r: RecordInput) => page.locator(`[data-testid="review-item"][data-id="${r.id}"]`);

test('an analyst decides overridden and flagged verdicts with the keyboard; the technician sees the review', async ({
	page,
	playwright,
	browser
}) => {
	const device = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
	await signInApi(device, 'technician');
	const pushed = await device.post('/api/sync', {
		data: { cursor: null, changes: [iron, flagged, noise].map((r) => ({ changeId: crypto.randomUUID(), baseVersion: 0, record: r })) }
	});
	expect(pushed.status(), await pushed.text()).toBe(200);
	// The server re-checks every pushed verdict with its own champion (README, Security) and
	// stores that verdict: the expectations below follow what it stored.
	const stored = await storedRecords(device, [iron.id, flagged.id]);
	const [ironStored, flaggedStored] = [stored.get(iron.id)!, stored.get(flagged.id)!];
	const champion = ironStored.modelVersion;
	// Technicians may not read the queue: 403 with a JSON message.
	const refused = await device.get('/api/review');
	expect(refused.status()).toBe(403);
	expect((await refused.json()).message).toMatch(/analyst or admin/);

	await page.setViewportSize({ width: 1024, height: 768 });
	await signInPage(page, 'analyst', '/review');
	const before = await realizedFor(page, champion);
	await expect(page.getByRole('heading', { name: 'Review queue' })).toBeVisible();
	// The user's name once, in the app shell (the page header no longer repeats it).
	await expect(page.getByText('(analyst)')).toHaveCount(1);
	await expect(card(page, iron)).toBeVisible();
	await expect(card(page, iron).getByTestId('override')).toContainText('Non-compliant: “iron is banned, the model missed it”');
	await expect(card(page, iron).getByTestId('model-verdict')).toContainText(
		`${labelName(ironStored.label)}, confidence ${(Math.max(ironStored.probability, 1 - ironStored.probability) * 100).toFixed(1)}%`
	);
	// The highlighted words come from the champion's explanation (the server's model).
	await expect(card(page, iron).getByTestId('explanation')).toContainText(`Iron bracket ${MARK}`);

	// Keyboard only: select this spec's first item, then J/K move the selection.
	await card(page, iron).click();
	await expect(card(page, iron)).toHaveAttribute('aria-current', 'true');
	const ids = await page.getByTestId('review-item').evaluateAll((list) => list.map((e) => e.getAttribute('data-id')));
	const next = ids[ids.indexOf(iron.id) + 1];
	await page.keyboard.press('j');
	await expect(page.locator(`[data-testid="review-item"][data-id="${next}"]`)).toHaveAttribute('aria-current', 'true');
	await page.keyboard.press('k');
	await expect(card(page, iron)).toHaveAttribute('aria-current', 'true');
	mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: `${SHOTS}/review-1024x768.png` });

	// N focuses the note, Escape leaves it, C confirms the technician's label.
	await page.keyboard.press('n');
	await page.keyboard.type('checked the drawing: iron');
	await page.keyboard.press('Escape');
	await page.keyboard.press('c');
	await expect(card(page, iron)).toHaveCount(0);
	await expect(page.getByTestId('review-status')).toContainText('confirmed Non-compliant');

	await card(page, flagged).click();
	await page.keyboard.press('x');
	await expect(card(page, flagged)).toHaveCount(0);
	// X corrects the shown label (the technician's override, Non-compliant) to the other one.
	const flaggedCorrected = 0;
	await expect(page.getByTestId('review-status')).toContainText(`corrected to ${labelName(flaggedCorrected)}`);
	await card(page, noise).click();
	await page.setViewportSize({ width: 390, height: 844 });
	await card(page, noise).scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}/review-item-390x844.png` });
	await page.keyboard.press('r');
	await expect(card(page, noise)).toHaveCount(0);

	await page.screenshot({ path: `${SHOTS}/review-done-390x844.png` });

	await page.goto('/review?status=decided');
	await expect(card(page, iron).getByTestId('review-decision')).toContainText('Reviewed: Non-compliant by analyst');
	await expect(card(page, iron).getByTestId('review-decision')).toContainText('checked the drawing: iron');
	await expect(card(page, noise).getByTestId('review-decision')).toContainText('Rejected by analyst');
	await page.screenshot({ path: `${SHOTS}/review-decided-390x844.png` });

	// The API agrees, with who and which model version.
	const decided = await (await page.request.get('/api/review?status=decided')).json();
	const mine = decided.items.find((i: { id: string }) => i.id === flagged.id);
	expect(mine.review).toMatchObject({ decision: 'correct', label: flaggedCorrected, reviewer: 'analyst', modelVersion: champion });
	await device.dispose();

	// Monitoring: realized figures of the champion grew by this spec's reviews (other specs
	// review the same champion on the shared test server): 2 labelled, 1 rejected; the
	// confirmed iron override is correct when the model said Non-compliant too, the
	// corrected flagged item when the model said Compliant.
	const after = await realizedFor(page, champion);
	expect(after.reviewed - before.reviewed).toBe(2);
	expect(after.rejected - before.rejected).toBe(1);
	expect(after.correct - before.correct).toBe((ironStored.label === 1 ? 1 : 0) + (flaggedStored.label === flaggedCorrected ? 1 : 0));
	await page.setViewportSize({ width: 1024, height: 768 });
	await page.goto(`/monitoring?model=${champion}`);
	const row = page.locator(`[data-testid="realized-row"][data-model="${champion}"]`);
	await expect(row.getByTestId('realized-all')).toContainText(`of ${after.reviewed}; 95%:`);
	await expect(page.getByTestId('realized-performance')).toContainText('overstates the error');
	await page.getByTestId('realized-performance').screenshot({ path: `${SHOTS}/monitoring-realized-1024x768.png` });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.getByTestId('realized-performance').screenshot({ path: `${SHOTS}/monitoring-realized-390x844.png` });

	// The technician's device pulls the review and shows it in the inventory.
	const tablet = await browser.newContext({ viewport: { width: 1024, height: 768 } });
	await serveModel(tablet, 'e2e-review');
	const techPage = await tablet.newPage();
	await signIn(techPage, '/inventory');
	const item = techPage.locator(`[data-testid="inventory-item"][data-id="${iron.id}"]`);
	await expect(item.getByTestId('item-review')).toContainText(/Reviewed: Non-compliant \(by analyst, .+\)/, { timeout: 30_000 });
	await techPage.screenshot({ path: `${SHOTS}/inventory-reviewed-1024x768.png` });
	await tablet.close();
});
