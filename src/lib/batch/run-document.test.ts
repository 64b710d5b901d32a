import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_REASON_TEXT } from '../bundle/model-contract.ts';
import type { Classification } from '../inference/types.ts';
import type { BatchClassifier } from './classify-rows.ts';
import { runDocument } from './run-document.ts';

/** Calls everything that mentions "confidential" not a component; "iron" non-compliant. */
const fake: BatchClassifier = {
	version: 'fake',
	async classify(texts) {
		return texts.map((t): Classification => {
			const boilerplate = /confidential/i.test(t);
			const label = /iron/i.test(t) ? 1 : 0;
			return {
				label,
				probability: label ? 0.9 : 0.1,
				confidence: 0.9,
				needsReview: boilerplate,
				reviewReasons: boilerplate ? [REVIEW_REASON_TEXT['not-a-description']] : [],
				model: 'fake',
				tokenCount: 1,
				oovCount: 0,
				truncated: false
			};
		});
	}
};

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'run-document-'));
	await writeFile(
		path.join(dir, 'spec.txt'),
		'Confidential: internal use only, do not share.\n\nIron gear from 1980.\n\fSteel shaft from 2005.\n'
	);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function lines(file: string) {
	return (await readFile(file, 'utf8'))
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l));
}

describe('runDocument', () => {
	it('leaves out what the model calls not a component description, and counts it', async () => {
		const output = path.join(dir, 'out.jsonl');
		const r = await runDocument({ input: path.join(dir, 'spec.txt'), output, classifier: fake, chunkSize: 1 });
		expect(r).toMatchObject({ pages: 2, passages: 3, findings: 2, notComponents: 1, labels: [1, 1] });
		expect(await lines(output)).toEqual([
			{
				document: 'spec.txt',
				page: 1,
				passage: 2,
				text: 'Iron gear from 1980.',
				label: 1,
				probability: 0.9,
				needsReview: false,
				reviewReasons: []
			},
			{
				document: 'spec.txt',
				page: 2,
				passage: 3,
				text: 'Steel shaft from 2005.',
				label: 0,
				probability: 0.1,
				needsReview: false,
				reviewReasons: []
			}
		]);
	});

	it('keeps them with allPassages', async () => {
		const output = path.join(dir, 'all.jsonl');
		await runDocument({ input: path.join(dir, 'spec.txt'), output, classifier: fake, allPassages: true });
		expect((await lines(output)).map((l) => l.passage)).toEqual([1, 2, 3]);
	});
});
