import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldPart } from '../../../src/lib/feedback/field-split.ts';
import { makeConfig } from '../pipeline/config.ts';
import { prepareData } from '../pipeline/data-stage.ts';
import { DEFAULT_FEEDBACK_WEIGHT, loadFeedback, notFieldEval } from './feedback.ts';

let dir: string;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

/** Field texts, some of each part (the split is a hash: find texts until both parts have a few). */
function fieldTexts(): { train: string[]; evaluation: string[] } {
	const train: string[] = [];
	const evaluation: string[] = [];
	for (let i = 0; (train.length < 6 || evaluation.length < 3) && i < 200; i++) {
		const text = `Bracket FE-${37 + i} stamped, made 2011, good`;
		(fieldPart(text) === 'field-eval' ? evaluation : train).push(text);
	}
	return { train: train.slice(0, 6), evaluation: evaluation.slice(0, 3) };
}

function writeFeedback(rows: string[]): string {
	dir = mkdtempSync(path.join(os.tmpdir(), 'feedback-train-'));
	const file = path.join(dir, 'field.csv');
	const lines = rows.map((t) => `"${t}",1,${fieldPart(t)},2026-11-02T10:00:00.000Z,v1`);
	writeFileSync(file, ['text,label,source,reviewed_at,model_version', ...lines].join('\n'));
	return file;
}

describe('field labels in training', () => {
	it('weights field-train rows and keeps field-eval rows apart, whatever the source column says', async () => {
		const { train, evaluation } = fieldTexts();
		const file = writeFeedback([...train, ...evaluation]);
		// A stale source column cannot move a text: rewrite every row as field-train.
		writeFileSync(file, (await import('node:fs')).readFileSync(file, 'utf8').replaceAll('field-eval', 'field-train'));
		const field = await loadFeedback(file, 8);
		expect(field.train.map((s) => [s.text, s.label, s.weight])).toEqual(train.map((t) => [t, 1, 8]));
		expect(field.evaluation.map((s) => s.text)).toEqual(evaluation);
		expect(field.evaluation.every((s) => s.weight === undefined)).toBe(true);
		expect(notFieldEval(field.evaluation)({ text: evaluation[0].toUpperCase(), label: 1 })).toBe(false);
		expect(notFieldEval(field.evaluation)({ text: train[0], label: 1 })).toBe(true);
	});

	it('the training data gets the field-train rows at the feedback weight and never a field-eval text', async () => {
		const { train, evaluation } = fieldTexts();
		const config = makeConfig({ quick: true, rows: 600, feedbackFile: writeFeedback([...train, ...evaluation]) });
		expect(config.feedbackWeight).toBe(DEFAULT_FEEDBACK_WEIGHT);
		const data = await prepareData(config, () => {});
		expect(data.field).toEqual({ train: train.length, evaluation: evaluation.length });
		const trained = data.split.train.filter((s) => train.includes(s.text));
		expect(trained.map((s) => s.weight)).toEqual(train.map(() => DEFAULT_FEEDBACK_WEIGHT));
		const everywhere = [...data.split.train, ...data.split.validation, ...data.split.test, ...data.handWrittenHoldout].map((s) => s.text);
		expect(everywhere.filter((t) => evaluation.includes(t))).toEqual([]);
	});

	it('refuses a weight that is not positive', () => {
		expect(() => makeConfig({ feedbackWeight: 0 })).toThrow(/feedbackWeight/);
	});
});
