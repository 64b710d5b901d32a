import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';
import { loadNodeClassifier } from '#lib/inference/load-node.ts';
import type { Classifier } from '#lib/inference/classifier.ts';
import { FairQueue } from '#lib/server/http/fair-queue.ts';
import { explainInJobs } from './explain-in-jobs.ts';

let dir: string;
let classifier: Classifier;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'explain-jobs-'));
	await makeTinyBundle(dir, { seed: 4 });
	classifier = await loadNodeClassifier({ modelsDir: dir });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('explainInJobs', () => {
	it('gives the same explanation as Classifier.explain, in jobs of a few rows', async () => {
		const queue = new FairQueue(1);
		let jobs = 0;
		for (const text of [
			'Steel bracket manufactured in 1994, fair condition',
			'plastik housing 1987 poor',
			'x'.repeat(10) + ' copper valve built 2003 good condition'
		]) {
			const whole = await classifier.explain(text);
			const split = await explainInJobs(classifier, text, (job) => (jobs++, queue.run('k', job)), 4);
			expect(split.label).toBe(whole.label);
			expect(split.needsReview).toBe(whole.needsReview);
			expect(split.reviewReasons).toEqual(whole.reviewReasons);
			expect(split.probability).toBeCloseTo(whole.probability, 5);
			expect(split.tokens.map((t) => t.text)).toEqual(whole.tokens.map((t) => t.text));
			split.tokens.forEach((t, i) => expect(t.contribution).toBeCloseTo(whole.tokens[i].contribution, 5));
		}
		expect(jobs).toBeGreaterThan(3);
	});
});
