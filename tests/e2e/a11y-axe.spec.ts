/**
 * Issue 13: axe-core on every page and state (tests/e2e/a11y-pages.ts), in the light and
 * the dark colour scheme: no serious or critical finding. Moderate and minor findings are
 * attached to the report (and printed) so they stay visible.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openCase, PAGES } from './a11y-pages.ts';

for (const colorScheme of ['light', 'dark'] as const) {
	test.describe(`${colorScheme} scheme`, () => {
		test.use({ colorScheme });
		for (const c of PAGES) {
			test(`axe: ${c.name}`, async ({ page, context }, info) => {
				test.setTimeout(90_000);
				test.fixme(c.pending?.scheme === colorScheme, c.pending?.reason);
				await openCase(page, context, c);
				const results = await new AxeBuilder({ page })
					.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
					.analyze();
				const line = (v: (typeof results.violations)[number]) =>
					`${v.impact} ${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes
						.slice(0, 3)
						.map((n) => n.target.join(' '))
						.join(', ')})`;
				const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
				const other = results.violations.filter((v) => !blocking.includes(v));
				if (other.length) {
					info.annotations.push({ type: 'axe (moderate/minor)', description: other.map(line).join('\n') });
					console.log(`[axe ${colorScheme}] ${c.name}:\n  ${other.map(line).join('\n  ')}`);
				}
				expect(blocking.map(line), `${c.name} (${colorScheme})`).toEqual([]);
			});
		}
	});
}
