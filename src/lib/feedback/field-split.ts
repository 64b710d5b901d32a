/**
 * The frozen split of field labels (reviewed inventory items) into a field evaluation
 * part, never trained on, and a training part. A text's part is a pure function of its
 * normalized text (sha256 of "field-split:" + the text, first 32 bits, below 0.25 ->
 * field-eval), so it never changes: the evaluation part only grows as new texts are
 * reviewed, and no text moves between parts from one export or release to the next.
 * Changing FIELD_EVAL_SHARE or the salt would move texts: do not.
 * Node only (node:crypto): used by the feedback export (scripts/feedback.ts) and training.
 */
import { createHash } from 'node:crypto';

export const FIELD_EVAL_SHARE = 0.25;
export type FieldPart = 'field-eval' | 'field-train';
export const FIELD_PARTS: readonly FieldPart[] = ['field-eval', 'field-train'];

/** The text as far as duplicates are concerned: NFKC, lower case, whitespace collapsed. */
export function normalizeFieldText(text: string): string {
	return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The text's position in [0, 1) (its hash), the same on every machine and run. */
export function fieldDraw(text: string): number {
	return (
		createHash('sha256')
			.update(`field-split:${normalizeFieldText(text)}`)
			.digest()
			.readUInt32BE(0) /
		2 ** 32
	);
}

export function fieldPart(text: string): FieldPart {
	return fieldDraw(text) < FIELD_EVAL_SHARE ? 'field-eval' : 'field-train';
}
