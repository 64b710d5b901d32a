/**
 * The worker API for bulk work: progress, cancellation by job id, queued calls answered
 * in order, and errors that cross as plain `{code, message}` data.
 */
import { test, expect } from '@playwright/test';
import { buildBundle, descriptions, serveBundles } from './inference-bundles.ts';
import { inferenceWorker, openClassifier } from './inference-page.ts';

test('bulk jobs report progress, can be cancelled, and queued calls keep their order', async ({ page, context }) => {
	const bundle = await buildBundle('jobs-1', 51);
	await serveBundles(context, bundle);
	await openClassifier(page, bundle.version);
	await inferenceWorker(page); // waits until the worker exposes its API
	const worker = page.workers().find((w) => new URL(w.url()).pathname.startsWith('/_app/immutable/workers/'));
	if (!worker) throw new Error('inference worker not found');
	const texts = descriptions(600, 61);

	const outcome = await worker.evaluate(async (texts) => {
		type Api = {
			classify(
				t: string[],
				jobId?: string,
				onProgress?: (p: { jobId: string; done: number; total: number }) => void
			): Promise<{ model: string }[]>;
			cancel(jobId: string): Promise<void>;
		};
		const api = (self as unknown as { inferenceApi: Api }).inferenceApi;
		const progress: number[] = [];
		const full = await api.classify(texts, 'full', (p) => progress.push(p.done));

		// Three calls queued at once: a job cancelled after its first step, then two single texts.
		const order: string[] = [];
		const cancelled = api
			.classify(texts, 'cancel-me', (p) => {
				if (p.done === 64) void api.cancel('cancel-me');
			})
			.then(
				() => 'not cancelled',
				(e: { code?: string; message?: string }) => ({ code: e.code, message: e.message, isError: e instanceof Error })
			)
			.finally(() => order.push('job'));
		const a = api.classify([texts[0]]).then((r) => (order.push('a'), r));
		const b = api.classify([texts[1]]).then((r) => (order.push('b'), r));
		const results = await Promise.all([cancelled, a, b]);

		let invalid: unknown;
		try {
			await api.classify(['  ']);
		} catch (e) {
			invalid = { code: (e as { code?: string }).code, isError: e instanceof Error, keys: Object.keys(e as object).sort() };
		}
		return { fullCount: full.length, progress, cancelled: results[0], order, single: results[1].length + results[2].length, invalid };
	}, texts);

	expect(outcome.fullCount).toBe(600);
	// One step of 64 texts at a time, ending at the total.
	expect(outcome.progress[0]).toBe(64);
	expect(outcome.progress.at(-1)).toBe(600);
	expect(outcome.progress).toEqual([...outcome.progress].sort((x, y) => x - y));
	expect(outcome.cancelled).toMatchObject({ code: 'CANCELLED' });
	expect(outcome.order).toEqual(['job', 'a', 'b']);
	expect(outcome.single).toBe(2);
	expect(outcome.invalid).toEqual({ code: 'EMPTY_TEXT', isError: false, keys: ['code', 'message'] });
});
