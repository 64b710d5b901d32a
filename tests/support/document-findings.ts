/**
 * What the document specs check on the /documents page once a generated specification
 * (tests/support/spec-documents.ts) is scanned: every component, with its page and the
 * model's verdict, and that nothing of the document leaves the device.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { nodeReference } from '#tests/e2e/inference-reference.ts';
import type { TestBundle } from '#tests/e2e/inference-bundles.ts';
import { COMPONENTS, NEVER_PASSAGES } from './spec-documents.ts';

/**
 * Waits for `name` to be scanned (3 pages), then checks that each component is found once,
 * on its page, with the verdict onnxruntime-node gives with `bundle`, and that no passage
 * that is never a component is. Returns the findings.
 */
export async function expectEveryComponent(page: Page, name: string, bundle: TestBundle, timeout: number): Promise<Locator> {
	await expect(page.getByTestId('document-status')).toHaveText(
		new RegExp(`^${name.replace('.', '\\.')}: 3 page\\(s\\), \\d+ components found`),
		{ timeout }
	);
	const expected = await nodeReference(
		bundle,
		COMPONENTS.map((c) => c.text)
	);
	const findings = page.getByTestId('findings').getByRole('button');
	for (const [i, c] of COMPONENTS.entries()) {
		const finding = findings.filter({ hasText: c.text });
		await expect(finding).toHaveCount(1);
		await expect(finding).toHaveAttribute('data-page', String(c.page));
		await expect(finding).toHaveAttribute('data-label', String(expected[i].label));
		await expect(finding).toContainText(`page ${c.page}`);
	}
	for (const t of NEVER_PASSAGES) await expect(findings.filter({ hasText: t })).toHaveCount(0);
	return findings;
}

/**
 * Starts listing the requests the page sends other than GET, apart from telemetry and sync
 * (which carry no document text); read the list with the function returned.
 */
export function watchUploads(page: Page): () => string[] {
	const requests: string[] = [];
	page.on('request', (r) => {
		if (r.method() !== 'GET') requests.push(`${r.method()} ${r.url()}`);
	});
	return () => requests.filter((r) => !r.includes('/api/telemetry') && !r.includes('/api/sync'));
}
