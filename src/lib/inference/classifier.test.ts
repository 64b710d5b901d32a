import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTinyBundle, type TinyBundle } from '#tests/support/tiny-bundle.ts';
import { FEATURIZER_VERSION } from '../text/featurize.ts';
import { Classifier } from './classifier.ts';
import { loadNodeClassifier } from './load-node.ts';

let dir: string;
let tiny: TinyBundle;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'classifier-'));
	tiny = await makeTinyBundle(dir, { seed: 4 });
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('Classifier', () => {
	it('refuses a bundle built for another featurizer, naming both versions', async () => {
		const loaded = await loadNodeClassifier({ modelsDir: dir });
		const parts = {
			manifest: { ...tiny.manifest, featurizerVersion: '1' },
			vocabulary: {} as never,
			session: { run: async () => ({}) },
			Tensor: class {} as never
		};
		expect(() => new Classifier(parts)).toThrow(
			expect.objectContaining({
				code: 'UNSUPPORTED_BUNDLE',
				message: expect.stringContaining(`needs featurizer 1, this app has ${FEATURIZER_VERSION}`)
			})
		);
		expect(loaded.version).toBe(tiny.version);
	});

	it('refuses a bundle whose review output does not have one value per review signal', () => {
		const manifest = {
			...tiny.manifest,
			outputs: tiny.manifest.outputs.map((o) => (o.name === 'review' ? { ...o, shape: ['batch', 7] } : o))
		};
		expect(
			() => new Classifier({ manifest, vocabulary: {} as never, session: { run: async () => ({}) }, Tensor: class {} as never })
		).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_BUNDLE' }));
	});

	it('returns the same verdict from classify and explain, with the review reasons in plain words', async () => {
		const classifier = await loadNodeClassifier({ modelsDir: dir });
		for (const text of tiny.texts.slice(0, 4)) {
			const [verdict] = await classifier.classify([text]);
			const explained = await classifier.explain(text);
			expect(explained.probability).toBeCloseTo(verdict.probability, 6);
			expect(explained.reviewReasons).toEqual(verdict.reviewReasons);
			for (const reason of verdict.reviewReasons) expect(reason).toMatch(/^[a-z][a-z ,()-]+$/);
		}
	});
});
