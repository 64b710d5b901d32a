/**
 * Screenshots of the monitoring page and the role-aware shell at the three sizes we check
 * by eye. Not an assertion suite: runs only with SCREENSHOTS=<folder>.
 */
import { expect, request, test, type Page } from '@playwright/test';
import { signInApi, signInPage } from '../support/session.ts';
import { E2E_BASE_URL } from '../support/users.ts';
import { labelMixBatch, sendTelemetry } from './monitoring-data.ts';

const OUT = process.env.SCREENSHOTS;
const SIZES = [
	{ name: '1024x768', width: 1024, height: 768 },
	{ name: '768x1024', width: 768, height: 1024 },
	{ name: '390x844', width: 390, height: 844 }
];

test.skip(!OUT, 'set SCREENSHOTS=<folder> to take them');

const shot = (page: Page, name: string, size: string, fullPage = true) => page.screenshot({ path: `${OUT}/${name}-${size}.png`, fullPage });

test('monitoring and navigation at three sizes', async ({ page, browser }) => {
	test.setTimeout(180_000);
	const device = await request.newContext({ baseURL: E2E_BASE_URL });
	await signInApi(device, 'technician');
	const hour = 3_600_000;
	await sendTelemetry(device, labelMixBatch(600, 300, Date.now() - 20 * hour));
	await sendTelemetry(device, labelMixBatch(400, 400, Date.now() - 2 * hour));
	await device.dispose();
	await signInPage(page, 'analyst', '/monitoring?last=24h');
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await page.goto('/monitoring?last=24h');
		await expect(page.locator('canvas').first()).toBeVisible();
		await shot(page, 'monitoring-top', size.name, false);
		await shot(page, 'monitoring-full', size.name);
	}
	// Dark mode follows the OS: charts take the theme's colours too.
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.setViewportSize(SIZES[0]);
	await page.goto('/monitoring?last=24h');
	await expect(page.locator('canvas').first()).toBeVisible();
	await shot(page, 'monitoring-dark', SIZES[0].name);
	const tech = await (await browser.newContext()).newPage();
	await signInPage(tech, 'technician', '/inventory');
	for (const size of SIZES) {
		await tech.setViewportSize(size);
		await tech.goto('/monitoring');
		await expect(tech.getByTestId('wrong-role')).toBeVisible();
		await shot(tech, 'technician-wrong-role', size.name, false);
	}
});
