/**
 * Writes models/eval/frozen-eval.csv ONCE: generator rows with a dedicated seed plus the
 * hand-written descriptions in models/eval/hand-written.csv (styles the generator does
 * not produce, labelled by hand). Run it only when the set must change on purpose:
 *   node scripts/release/make-eval-set.ts [--force]
 * Changing the set changes every comparison; commit it with a note in models/eval/README.md.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { generate } from '../../training/src/data/generator.ts';
import { csvLine } from './csv.ts';
import { FROZEN_EVAL_FILE, FROZEN_EVAL_GENERATED_ROWS, FROZEN_EVAL_SEED, HAND_WRITTEN_FILE, normalizeEvalText } from './eval-set.ts';

if (existsSync(FROZEN_EVAL_FILE) && !process.argv.includes('--force')) {
	console.error(`${FROZEN_EVAL_FILE} exists. The evaluation set is frozen: pass --force only to replace it on purpose.`);
	process.exit(2);
}

const seen = new Set<string>();
const lines = [csvLine(['text', 'label', 'year', 'material', 'condition', 'shape', 'typo', 'source'])];
const hand = parse(await readFile(HAND_WRITTEN_FILE, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
for (const h of hand) {
	const key = normalizeEvalText(h.text);
	if (seen.has(key)) continue;
	seen.add(key);
	lines.push(csvLine([h.text, h.label, h.year, h.material, h.condition, 'hand-written', false, 'hand-written']));
}
// Over-generate: duplicates (same normalized text) are dropped until the wanted count is reached.
let generated = 0;
for (const s of generate({ count: FROZEN_EVAL_GENERATED_ROWS * 2, seed: FROZEN_EVAL_SEED })) {
	if (generated >= FROZEN_EVAL_GENERATED_ROWS) break;
	const key = normalizeEvalText(s.text);
	if (seen.has(key) || !s.meta) continue;
	seen.add(key);
	generated++;
	lines.push(csvLine([s.text, s.label, s.meta.year, s.meta.material, s.meta.condition, s.meta.shape, Boolean(s.meta.typo), 'generator']));
}
await writeFile(FROZEN_EVAL_FILE, `${lines.join('\n')}\n`);
console.log(
	`Wrote ${lines.length - 1} rows (${hand.length} hand-written, ${generated} generated with seed ${FROZEN_EVAL_SEED}) to ${FROZEN_EVAL_FILE}`
);
