/**
 * Issue 13 on a phone (390x844): the verdict is above the fold after classifying, the page
 * does not shift while it loads and classifies (CLS from the browser's own layout-shift
 * entries, not a timing), focus goes to the verdict, and saving is announced.
 */
import { expect, test } from '@playwright/test';
import { classify, openApp, serveModel } from './pwa-helpers.ts';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('verdict above the fold, no layout shift, focus on the verdict, save announced', async ({ page, context }) => {
	test.setTimeout(90_000);
	await serveModel(context, 'ui-phone-1');
	// Every layout shift from the first paint on (buffered), as the CLS metric counts them.
	await page.addInitScript(() => {
		const w = window as unknown as { __cls: number; __shifts: string[] };
		w.__cls = 0;
		w.__shifts = [];
		new PerformanceObserver((list) => {
			for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
				if (e.hadRecentInput) continue;
				w.__cls += e.value;
				const nodes = (e.sources ?? []).map((s) =>
					s.node instanceof Element ? `${s.node.tagName.toLowerCase()}.${s.node.classList[0] ?? ''}` : 'text'
				);
				w.__shifts.push(`${e.value.toFixed(4)} ${nodes.join(', ')}`);
			}
		}).observe({ type: 'layout-shift', buffered: true });
	});
	await openApp(page, '/');
	await classify(page, 'Steel bracket manufactured in 1998 in good condition');

	const heading = page.getByTestId('verdict').getByRole('heading', { level: 2 });
	const box = (await heading.boundingBox())!;
	expect(box.y + box.height, 'the verdict heading ends above the fold of an 844 px screen').toBeLessThan(844);
	await expect(heading).toBeInViewport();
	await expect(heading).toBeFocused();

	const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
	const shifts = await page.evaluate(() => (window as unknown as { __shifts: string[] }).__shifts);
	console.log(`CLS from load to verdict at 390x844: ${cls.toFixed(4)}\n  ${shifts.join('\n  ')}`);
	expect(cls).toBeLessThan(0.1);

	// No horizontal scrolling on the phone.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved to the inventory.' })).toBeVisible();
	// Ready for the next component.
	await expect(page.getByLabel('Component description')).toBeFocused();
});
