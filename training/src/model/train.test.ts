import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, encodeVocabulary, quantizeRow, Vocabulary } from '../../../src/lib/text/index.ts';
import { initBackend } from '../backend.ts';
import { createRandom } from '../data/random.ts';
import type { Architecture } from './architectures.ts';
import type { Sample } from '../data/generator.ts';
import { augment, predict, predictProbabilities, targetsOf, unseenWordPool, type EncodedSet } from './batches.ts';
import { accuracyAt, chooseModel, trainModel, type TrainedModel } from './train.ts';

/** A small random vocabulary: enough for a task the model must learn from word identity. */
function toyVocabulary(): Vocabulary {
	const words = [
		'the',
		'widget',
		'blue',
		'red',
		'is',
		'a',
		'part',
		'apple',
		'river',
		'cloud',
		'stone',
		'music',
		'table',
		'window',
		'garden',
		'paper',
		'green'
	];
	const rng = createRandom(3);
	const rows = new Int8Array(words.length * 100);
	const scales = new Float32Array(words.length);
	words.forEach(
		(_, i) =>
			(scales[i] = quantizeRow(
				Array.from({ length: 100 }, () => rng.next() * 2 - 1),
				rows,
				i * 100
			))
	);
	return Vocabulary.decode(encodeVocabulary(words, scales, rows, 100));
}

/** red = 1, blue = 0, green = cannot be decided (label null), with some filler words. */
function toySet(vocab: Vocabulary, count: number, seed: number, greenShare = 0): EncodedSet & { texts: string[] } {
	const rng = createRandom(seed);
	const samples: Sample[] = [];
	for (let i = 0; i < count; i++) {
		const colour = rng.chance(greenShare) ? 'green' : rng.chance(0.5) ? 'red' : 'blue';
		const text = `${rng.chance(0.5) ? 'the ' : ''}${colour} widget ${rng.chance(0.5) ? 'is a part' : ''}`.trim();
		samples.push({ text, label: colour === 'green' ? null : colour === 'red' ? 1 : 0 });
	}
	return { texts: samples.map((s) => s.text), analyzed: samples.map((s) => analyze(s.text, vocab)), ...targetsOf(samples) };
}

const stub = (kind: Architecture['kind'], parameters: number, loss: number) =>
	({
		architecture: kind === 'conv' ? { kind, filters: 1, kernelSize: 1, hidden: 1 } : { kind, hidden: 1 },
		parameters,
		validation: { accuracy: 0, loss }
	}) as TrainedModel;

beforeAll(async () => {
	await initBackend('wasm');
});

describe('training', () => {
	it('learns a word-identity task with both architectures', async () => {
		const vocab = toyVocabulary();
		const train = toySet(vocab, 512, 1);
		const validation = toySet(vocab, 128, 2);
		for (const architecture of [
			{ kind: 'conv', filters: 8, kernelSize: 3, hidden: 8 },
			{ kind: 'dilated', filters: 8, kernelSize: 3, dilations: [2], hidden: 8 },
			{ kind: 'mean', hidden: 8 }
		] as const) {
			const result = await trainModel(architecture, train, validation, vocab, {
				epochs: 8,
				batchSize: 32,
				learningRate: 0.01,
				patience: 3,
				seed: 1
			});
			const p = await predictProbabilities(result.model, validation.analyzed, vocab);
			expect(accuracyAt(validation.labels, p)).toBeGreaterThanOrEqual(0.98);
			expect(result.validation.accuracy).toBeCloseTo(accuracyAt(validation.labels, p), 6);
			result.model.dispose();
		}
	});

	it('learns "cannot decide" from rows without a label, and those rows do not pull the verdict', async () => {
		const vocab = toyVocabulary();
		const train = toySet(vocab, 768, 5, 0.3);
		const validation = toySet(vocab, 200, 6, 0.3);
		const result = await trainModel({ kind: 'conv', filters: 8, kernelSize: 3, hidden: 8 }, train, validation, vocab, {
			epochs: 10,
			batchSize: 32,
			learningRate: 0.01,
			patience: 3,
			seed: 2
		});
		const out = await predict(result.model, validation.analyzed, vocab);
		let right = 0;
		validation.texts.forEach((t, i) => {
			const undecidable = out.review[i * 4] >= 0.5;
			if (undecidable === t.includes('green')) right++;
		});
		expect(right / validation.texts.length).toBeGreaterThanOrEqual(0.95);
		expect(accuracyAt(validation.labels, out.probability)).toBeGreaterThanOrEqual(0.95);
		result.model.dispose();
	});

	it('prefers the lower validation loss, and the smaller model when close', () => {
		expect(chooseModel([stub('mean', 100, 0.5), stub('conv', 1000, 0.2)]).architecture.kind).toBe('conv');
		expect(chooseModel([stub('conv', 1000, 0.2), stub('mean', 100, 0.201)]).architecture.kind).toBe('mean');
	});

	it('augmentation inserts only words absent from the training texts and keeps every original token', () => {
		const vocab = toyVocabulary();
		const train = toySet(vocab, 64, 4);
		const pool = unseenWordPool(vocab, train.analyzed);
		const poolWords = new Set(Array.from(pool, (i) => vocab.words[i]));
		for (const w of ['red', 'blue', 'widget']) expect(poolWords.has(w)).toBe(false);
		expect(poolWords.has('garden')).toBe(true);
		const a = { pool, insertRate: 1, dropRate: 0, rng: createRandom(9) };
		for (const text of train.analyzed) {
			const out = augment(text, a, vocab);
			expect(out.tokens.length).toBeGreaterThan(text.tokens.length);
			const added = out.tokens.filter((t) => !text.tokens.includes(t));
			expect(added.every((t) => poolWords.has(t.text))).toBe(true);
			expect(out.tokens.filter((t) => text.tokens.includes(t))).toEqual(text.tokens);
		}
	});
});
