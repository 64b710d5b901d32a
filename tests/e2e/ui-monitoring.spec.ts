/**
 * Issue 13, monitoring for analysts: role-aware navigation without dead ends, a page that
 * fits a phone, a label-mix shift reported apart from input drift, alert links that apply
 * their slice, CSV of the rows shown, and the last data shown offline.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, request, test, type Page } from '@playwright/test';
import { signInApi, signInPage } from '../support/session.ts';
import { E2E_BASE_URL } from '../support/users.ts';
import { champion, labelMixBatch, sendTelemetry } from './monitoring-data.ts';
import { serviceWorkerReady } from './pwa-helpers.ts';

test.describe.configure({ mode: 'serial' });

const HOUR = 3_600_000;
// A window of its own, two days back (inside the raw retention), on whole hours.
const FROM = Math.floor((Date.now() - 2 * 24 * HOUR) / HOUR) * HOUR;
const SLICE = `/monitoring?from=${new Date(FROM).toISOString()}&to=${new Date(FROM + 2 * HOUR).toISOString()}`;

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
/** The page links of the main navigation (not the signed-in user's account link). */
const pageLinks = (page: Page) => nav(page).locator(':scope > a');
const tile = (page: Page, label: string) => page.locator('.tiles div', { hasText: label }).locator('strong');

test.beforeAll(async () => {
	const device = await request.newContext({ baseURL: E2E_BASE_URL });
	await signInApi(device, 'technician');
	// 1,000 predictions, 70% non-compliant, confidence within each label as in the reference.
	await sendTelemetry(device, labelMixBatch(1000, 700, FROM + 10 * 60_000));
	await device.dispose();
});

test('analysts get their own pages, the title leads home, and no page is a dead end', async ({ page }) => {
	await signInPage(page, 'analyst');
	await expect(page).toHaveURL(/\/monitoring/);
	await expect(pageLinks(page)).toHaveText(['Monitoring', 'Review']);
	await expect(nav(page).getByRole('link', { name: 'Monitoring' })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByTestId('signed-in-as')).toContainText('Signed in as analyst (analyst)');
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Compliance classifier' })).toHaveAttribute('href', '/monitoring');
	// The technicians' start page sends an analyst to monitoring instead of a notice.
	await page.goto('/');
	await expect(page).toHaveURL(/\/monitoring$/);
	await expect(page.getByRole('heading', { name: 'Model monitoring' })).toBeVisible();
	// Another technician page: what it is for and the analyst's own pages, one tap away.
	await page.goto('/inventory');
	await expect(page.getByTestId('wrong-role')).toContainText('Inventory is for technicians');
	await page.getByTestId('wrong-role').getByRole('link', { name: 'Monitoring' }).click();
	await expect(page).toHaveURL(/\/monitoring/);
});

test('technicians and admins see the links of their roles', async ({ browser }) => {
	for (const [role, links] of [
		['technician', ['Classify', 'Inventory', 'Bulk scan', 'Documents']],
		['admin', ['Classify', 'Inventory', 'Bulk scan', 'Documents', 'Monitoring', 'Review', 'Admin']]
	] as const) {
		const page = await (await browser.newContext()).newPage();
		await signInPage(page, role, '/inventory');
		await expect(pageLinks(page)).toHaveText([...links]);
		if (role === 'technician') {
			await page.goto('/monitoring');
			await expect(page.getByTestId('wrong-role')).toContainText('Monitoring is for analysts');
			await expect(page.getByTestId('wrong-role').getByRole('link', { name: 'Classify' })).toBeVisible();
		}
		await page.context().close();
	}
});

test('a 70% non-compliant batch is a label-mix alert, not drift, and its link applies the slice', async ({ page }) => {
	await signInPage(page, 'analyst', SLICE);
	await expect(tile(page, 'Predictions')).toHaveText('1000');
	const mix = page.getByTestId('alerts-label-mix');
	await expect(mix).toContainText('70.0% of 1000 predictions were non-compliant');
	await expect(mix).toContainText('in its reference (the evaluation set in the model bundle)');
	await expect(mix).toContainText('This is the output mix');
	await expect(page.getByTestId('alerts-input-drift')).toHaveCount(0);
	await expect(page.getByTestId(`psi-${champion().version}`)).toContainText('(stable)');

	await page.goto('/monitoring?last=7d');
	await page.waitForLoadState('networkidle');
	await page
		.getByTestId('alerts-label-mix')
		.getByRole('link', { name: /Show this slice/ })
		.first()
		.click();
	await expect(page).toHaveURL(new RegExp(`model=${champion().version}`));
	await expect(page).toHaveURL(/from=.*to=/);
	await expect(page.locator('select[name=model]')).toHaveValue(champion().version);
	await expect(page.locator('select[name=last]')).toHaveValue('custom');
	await expect(page.getByTestId('freshness')).toContainText(`model ${champion().version}`);
	// The alert's slice is the whole 7 days of that model: this spec's 1000 predictions, plus
	// whatever other specs sent for the champion on the shared test server.
	await expect(tile(page, 'Predictions')).toHaveText(/^\d+$/);
	expect(Number(await tile(page, 'Predictions').textContent())).toBeGreaterThanOrEqual(1000);
});

test('the time series and tables download as CSV with the rows shown', async ({ page }) => {
	await signInPage(page, 'analyst', SLICE);
	await expect(tile(page, 'Predictions')).toHaveText('1000');
	await page.getByText(/Show the numbers behind the charts/).click();
	const rows = page.getByTestId('table-time-series').locator('tbody tr');
	// Two hours in 5-minute buckets.
	await expect(rows).toHaveCount(24);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download CSV: Time series, one row per bucket' }).click()
	]);
	const csv = (await readFile(await download.path(), 'utf8'))
		.replace(/^\ufeff/, '')
		.trim()
		.split('\r\n');
	expect(csv[0]).toMatch(/^bucket_start_utc,predictions,non_compliant_share,/);
	expect(csv).toHaveLength(1 + 24);
	const predictions = csv.slice(1).reduce((a, line) => a + Number(line.split(',')[1]), 0);
	expect(predictions).toBe(1000);
	expect(download.suggestedFilename()).toMatch(/^monitoring-time-series-.*\.csv$/);

	const [versions] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download CSV: Model versions seen' }).click()
	]);
	const lines = (await readFile(await versions.path(), 'utf8')).trim().split('\r\n');
	await expect(page.getByTestId('table-model-versions').locator('tbody tr')).toHaveCount(lines.length - 1);
	expect(lines[1]).toContain(champion().version);
});

for (const width of [390, 1024]) {
	test(`monitoring fits ${width} px without sideways scrolling`, async ({ page }) => {
		await page.setViewportSize({ width, height: 844 });
		await signInPage(page, 'analyst', SLICE);
		await expect(page.locator('canvas').first()).toBeVisible();
		await page.getByText(/Show the numbers behind the charts/).click();
		const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		// Touch-sized controls.
		for (const control of await page.locator('.monitoring button, .monitoring select, .monitoring a.button').all()) {
			expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
		}
		const { violations } = await new AxeBuilder({ page }).analyze();
		const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
	});
}

test('offline, the page shows the last data it had and from when; without any, a clear message', async ({ page, context }) => {
	await signInPage(page, 'analyst', SLICE);
	await serviceWorkerReady(page);
	await page.reload();
	await expect(tile(page, 'Predictions')).toHaveText('1000');
	// The server is unreachable for the data: the page keeps the last copy and says so.
	await page.route('**/api/monitoring/**', (route) => route.abort('internetdisconnected'));
	await page.getByRole('button', { name: 'Refresh now' }).click();
	await expect(page.getByTestId('offline-data')).toContainText(
		/Showing the last data this device had, from \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/
	);
	await expect(tile(page, 'Predictions')).toHaveText('1000');
	// Fully offline, reloaded: the shell comes from the service worker, the data from the device.
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('offline-data')).toBeVisible();
	await expect(tile(page, 'Predictions')).toHaveText('1000');
	// A device that never had the data says what to do.
	await page.evaluate(() => localStorage.clear());
	await page.reload();
	await expect(page.getByTestId('monitoring-problem')).toContainText('open this page once while online');
	await context.setOffline(false);
});

test('auto-refresh brings new data every 30 s and never resets a filter being edited', async ({ page }) => {
	const from = FROM - 6 * HOUR;
	const slice = `/monitoring?from=${new Date(from).toISOString()}&to=${new Date(from + HOUR).toISOString()}`;
	const device = await request.newContext({ baseURL: E2E_BASE_URL });
	await signInApi(device, 'technician');
	await sendTelemetry(device, labelMixBatch(40, 20, from));
	await page.clock.install();
	await signInPage(page, 'analyst', slice);
	await expect(tile(page, 'Predictions')).toHaveText('40');

	await sendTelemetry(device, labelMixBatch(10, 5, from));
	await page.clock.runFor(31_000);
	await expect(tile(page, 'Predictions')).toHaveText('50');

	// A change not applied yet: refreshing waits, and what was chosen stays.
	await page.locator('select[name=last]').selectOption('1h');
	await page.getByRole('heading', { name: 'Model monitoring' }).click();
	await expect(page.getByTestId('freshness')).toContainText('paused while you edit the filter');
	await sendTelemetry(device, labelMixBatch(10, 5, from));
	await page.clock.runFor(31_000);
	await expect(page.locator('select[name=last]')).toHaveValue('1h');
	await expect(tile(page, 'Predictions')).toHaveText('50');
	await device.dispose();

	await page.getByRole('button', { name: 'Refresh now' }).click();
	await expect(tile(page, 'Predictions')).toHaveText('60');
	await expect(page.locator('select[name=last]')).toHaveValue('1h');
});
