/**
 * Document scan in the PWA (real Chromium, real workers, tiny real model): open a
 * generated specification by file picker and by drag and drop, find every component
 * with its page and the model's verdict (checked against onnxruntime-node), jump to a
 * passage, add findings to the inventory with their source; bad files get clear errors.
 */
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectEveryComponent, watchUploads } from '../support/document-findings.ts';
import { COMPONENTS, specMd, specTxt } from '../support/spec-documents.ts';
import { bundle, openApp, serveModel, serviceWorkerReady } from './pwa-helpers.ts';

const MODEL = 'pwa-documents-1';

async function expectEveryComponentSorted(page: Page, name: string) {
	const findings = await expectEveryComponent(page, name, await bundle(MODEL), 30_000);
	// Non-compliant first.
	const labels = await findings.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-label'))));
	expect([...labels].sort((a, b) => b - a)).toEqual(labels);
}

test('a specification opened with the file picker: every component, page and verdict; jump; add to inventory', async ({
	page,
	context
}) => {
	await serveModel(context, MODEL);
	await openApp(page, '/documents');
	const name = `spec-${Date.now()}.txt`;
	await page.getByLabel(/Choose a specification/).setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(specTxt()) });
	await expectEveryComponentSorted(page, name);

	// A click on a finding jumps to its passage in the document.
	const prose = COMPONENTS.find((c) => c.kind === 'sentence')!;
	await page.getByTestId('findings').getByRole('button').filter({ hasText: prose.text }).click();
	const target = page
		.getByTestId('document-view')
		.getByRole('region', { name: `Page ${prose.page}` })
		.getByText(prose.text);
	await expect(target).toBeFocused();
	await expect(target).toBeInViewport();

	await page.getByRole('button', { name: /^Add \d+ findings to inventory$/ }).click();
	await expect(page.getByTestId('document-status')).toHaveText(/^Added \d+ findings to the inventory\.$/);
	await page.getByRole('link', { name: 'Inventory' }).click();
	const item = page.getByTestId('inventory-item').filter({ hasText: COMPONENTS[2].text });
	await expect(item.first().getByTestId('item-source')).toHaveText(`· from ${name}, page ${COMPONENTS[2].page}`);
});

test('a Markdown specification dropped on the page', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await openApp(page, '/documents');
	const dataTransfer = await page.evaluateHandle((text) => {
		const dt = new DataTransfer();
		dt.items.add(new File([text], 'spec.md', { type: 'text/markdown' }));
		return dt;
	}, specMd());
	await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
	await expectEveryComponentSorted(page, 'spec.md');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export findings CSV' }).click();
	const csv = await (await download).createReadStream();
	let text = '';
	for await (const chunk of csv) text += chunk;
	expect(text.split('\r\n').filter(Boolean)).toHaveLength(1 + (await page.getByTestId('findings').getByRole('button').count()));
	expect(text).toContain(`spec.md,2,`);
});

test('a document shared to the installed app (share target) is scanned on the device', async ({ page, context }) => {
	// The service worker's first install precaches the shell and ORT's 14 MB WASM: slow on a loaded machine.
	test.setTimeout(120_000);
	await serveModel(context, MODEL);
	await openApp(page, '/documents');
	await serviceWorkerReady(page);
	// What the system does when a user shares a file with the app: POST it to the manifest's share_target action.
	const landed = await page.evaluate(async (text) => {
		const form = new FormData();
		form.append('document', new File([text], 'shared-spec.md', { type: 'text/markdown' }));
		return (await fetch('/documents/share', { method: 'POST', body: form })).url;
	}, specMd());
	expect(new URL(landed).pathname + new URL(landed).search).toBe('/documents?shared=1');
	await page.goto('/documents?shared=1');
	await expectEveryComponentSorted(page, 'shared-spec.md');
});

test('a long document scan can be cancelled and keeps what was classified', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await openApp(page, '/documents');
	const long = Array.from({ length: 300 }, () => specTxt()).join('\f');
	await page.getByLabel(/Choose a specification/).setInputFiles({ name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from(long) });
	await expect(page.getByTestId('document-status')).toHaveText(/^Classifying passages: \d+ of 2100$/);
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByTestId('document-status')).toHaveText(/^Cancelled after \d+ of 2100 passages\.$/, { timeout: 30_000 });
	const done = Number((await page.getByTestId('document-status').textContent())!.match(/after (\d+)/)![1]);
	expect(done).toBeLessThan(2100);
	await expect(page.getByTestId('findings').getByRole('button')).toHaveCount(done);
});

test('bad files get a clear error and nothing is sent anywhere', async ({ page, context }) => {
	await serveModel(context, MODEL);
	await openApp(page, '/documents');
	const uploads = watchUploads(page);
	const dir = await mkdtemp(path.join(tmpdir(), 'documents-e2e-'));
	try {
		const huge = path.join(dir, 'huge.pdf');
		await writeFile(huge, '');
		await truncate(huge, 50 * 1024 * 1024 + 1);
		const photo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
		const cases: Array<[Parameters<Page['setInputFiles']>[1], RegExp]> = [
			[{ name: 'photo.pdf', mimeType: 'application/pdf', buffer: photo }, /content is a PNG image.*no text recognition \(OCR\)/],
			[
				{ name: 'locked.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\ntrailer\n<< /Encrypt 9 0 R >>\n%%EOF\n') },
				/encrypted/
			],
			[{ name: 'cut.docx', mimeType: 'application/octet-stream', buffer: Buffer.from([0x50, 0x4b, 3, 4, 20, 0]) }, /cut off/],
			[huge, /50\.0 MB; documents up to 50 MB can be scanned/]
		];
		for (const [file, message] of cases) {
			await page.getByLabel(/Choose a specification/).setInputFiles(file);
			await expect(page.getByTestId('document-error')).toHaveText(message);
		}
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
	expect(uploads()).toEqual([]);
});
