/**
 * The analysts' monitoring page against the real server: telemetry sent by a
 * technician's device shows up as charts and figures for an analyst.
 */
import { expect, test } from '@playwright/test';
import { signInApi, signInPage } from '../support/session.ts';

const MODEL = `mon-${Date.now()}`;

// The second test filters on the telemetry the first one sends.
test.describe.configure({ mode: 'serial' });

test('an analyst sees charts of the telemetry devices sent', async ({ page, playwright }) => {
	const device = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
	await signInApi(device, 'technician');
	const now = Date.now();
	const events = Array.from({ length: 40 }, (_, i) => ({
		eventId: crypto.randomUUID(),
		time: new Date(now - i * 60_000).toISOString(),
		appVersion: '0.1.0',
		modelVersion: MODEL,
		backend: i % 2 ? 'wasm' : 'webgpu',
		threads: 2,
		latencyMs: 5 + i,
		label: i % 3 === 0 ? 1 : 0,
		probability: i % 3 === 0 ? 0.92 : 0.08,
		tokenCount: 9,
		oovCount: 1,
		overridden: i === 0,
		overrideLabel: i === 0 ? 0 : null,
		shadow: { modelVersion: `${MODEL}-challenger`, label: i % 3 === 0 ? 1 : 0, probability: 0.5 }
	}));
	const sent = await device.post('/api/telemetry', { data: { events }, headers: { 'x-device-id': 'e2e-device-0001' } });
	expect(await sent.json()).toEqual({ accepted: 40, duplicates: 0 });
	const resent = await device.post('/api/telemetry', { data: { events }, headers: { 'x-device-id': 'e2e-device-0001' } });
	expect(await resent.json()).toEqual({ accepted: 0, duplicates: 40 });
	await device.dispose();

	await signInPage(page, 'analyst', `/monitoring?model=${MODEL}`);
	await expect(page.getByRole('heading', { name: 'Model monitoring' })).toBeVisible();
	const predictions = page.locator('.tiles div', { hasText: 'Predictions' }).locator('strong');
	await expect(predictions).toHaveText('40');
	await expect(page.locator('.tiles div', { hasText: 'Override rate' }).locator('strong')).toHaveText('2.5%');
	// Retention: the page says how long raw events are kept and from when they are stored.
	await expect(page.locator('.raw-data')).toContainText(/Raw events are kept 30 days \(stored from \d{4}-\d{2}-\d{2}\)/);
	// chart.js drew on every canvas (a drawn canvas has a non-empty bitmap).
	const canvases = page.locator('canvas');
	await expect(canvases).toHaveCount(6);
	const drawn = await canvases.evaluateAll((list) =>
		list.map((c) => {
			const canvas = c as HTMLCanvasElement;
			const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
			return canvas.width > 0 && pixels.some((v) => v !== 0);
		})
	);
	expect(drawn).toEqual([true, true, true, true, true, true]);
	await expect(page.getByRole('cell', { name: `${MODEL}-challenger` })).toBeVisible();

	const json = await page.request.get(`/api/monitoring/summary?model=${MODEL}`);
	const summary = await json.json();
	expect(summary.totals.predictions).toBe(40);
	expect(summary.rawRetentionDays).toBe(30);
	expect(summary.agreement[0]).toMatchObject({ challenger: `${MODEL}-challenger`, comparisons: 40, agreementRate: 1 });
	expect(summary.latency.map((l: { backend: string }) => l.backend)).toEqual(['wasm', 'webgpu']);
});

test('the monitoring filters narrow the data and reject bad input', async ({ page }) => {
	await signInPage(page, 'analyst', '/monitoring');
	await page.locator('select[name=model]').selectOption(MODEL);
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(new RegExp(`last=7d&model=${MODEL}`));
	await expect(page.locator('.tiles div', { hasText: 'Predictions' }).locator('strong')).toHaveText('40');
	await page.locator('select[name=last]').selectOption('custom');
	await page.locator('input[name=from]').fill('2020-01-01');
	await page.locator('input[name=to]').fill('2020-01-02');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page.locator('.tiles div', { hasText: 'Predictions' }).locator('strong')).toHaveText('0');
	const bad = await page.request.get('/api/monitoring/summary?from=yesterday');
	expect(bad.status()).toBe(400);
	expect((await bad.json()).message).toMatch(/ISO dates/);
});
