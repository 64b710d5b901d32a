import { describe, expect, it } from 'vitest';
import type { Classification } from '../inference/types.ts';
import { BatchStats, classifyRows, type BatchClassifier, type OutputLine } from './classify-rows.ts';
import type { InputRow } from './read-rows.ts';

/** Deterministic stand-in: P(non-compliant) from the text's length; records every batch it saw. */
function fakeClassifier(batches: string[][] = []): BatchClassifier {
	return {
		version: 'fake-1',
		async classify(texts: readonly string[]): Promise<Classification[]> {
			batches.push([...texts]);
			await new Promise((r) => setTimeout(r, 1));
			return texts.map((t) => {
				const probability = (t.length % 10) / 10;
				return {
					label: probability >= 0.5 ? 1 : 0,
					probability,
					confidence: 0,
					needsReview: false,
					reviewReasons: [],
					model: 'fake-1',
					tokenCount: 1,
					oovCount: 0,
					truncated: false
				};
			});
		}
	};
}

async function* source(rows: InputRow[]): AsyncGenerator<InputRow> {
	yield* rows;
}

async function run(rows: InputRow[], chunkSize: number, classifier = fakeClassifier()): Promise<OutputLine[]> {
	const out: OutputLine[] = [];
	for await (const lines of classifyRows(source(rows), classifier, { chunkSize })) out.push(...lines);
	return out;
}

const input: InputRow[] = [
	{ row: 1, id: 'a', text: 'Steel 1999' },
	{ row: 2, id: 'b', text: '   ' },
	{ row: 3, id: 3, error: { code: 'MALFORMED_ROW', message: 'bad quotes' } },
	{ row: 4, id: 'd', text: 'x'.repeat(2001) },
	{ row: 5, id: 'e', text: 'Iron pipe 1970' },
	{ row: 6, id: 'f', text: 'Plastic' }
];

describe('classifyRows', () => {
	it('answers every row in input order, with errors in place', async () => {
		const out = await run(input, 2);
		expect(out.map((l) => l.id)).toEqual(['a', 'b', 3, 'd', 'e', 'f']);
		expect(out[0]).toEqual({ id: 'a', label: 0, probability: 0, needsReview: false, reviewReasons: [], model: 'fake-1' });
		expect(out[5]).toEqual({ id: 'f', label: 1, probability: 0.7, needsReview: false, reviewReasons: [], model: 'fake-1' });
		expect(out.map((l) => ('error' in l ? l.error.code : 'ok'))).toEqual([
			'ok',
			'EMPTY_TEXT',
			'MALFORMED_ROW',
			'TEXT_TOO_LONG',
			'ok',
			'ok'
		]);
		expect(out[1]).toMatchObject({ row: 2, error: { message: expect.stringMatching(/empty/) } });
	});

	it('gives the same output whatever the chunk size', async () => {
		const expected = await run(input, 1000);
		for (const size of [1, 2, 3, 5]) expect(await run(input, size)).toEqual(expected);
	});

	it('sends only valid texts to the model, at most chunkSize at a time', async () => {
		const batches: string[][] = [];
		await run(input, 4, fakeClassifier(batches));
		expect(batches).toEqual([['Steel 1999'], ['Iron pipe 1970', 'Plastic']]);
	});

	it('stops with the model error when inference fails', async () => {
		const failing: BatchClassifier = { version: 'x', classify: async () => Promise.reject(new Error('session lost')) };
		await expect(run(input, 2, failing)).rejects.toThrow('session lost');
	});

	it('counts rows, errors and labels', async () => {
		const stats = new BatchStats();
		stats.add(await run(input, 2));
		expect({ rows: stats.rows, errors: stats.errors, labels: stats.labels, codes: Object.fromEntries(stats.errorCodes) }).toEqual({
			rows: 6,
			errors: 3,
			labels: [2, 1],
			codes: { EMPTY_TEXT: 1, MALFORMED_ROW: 1, TEXT_TOO_LONG: 1 }
		});
	});
});
