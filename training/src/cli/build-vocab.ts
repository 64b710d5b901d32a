/**
 * `npm run vocab -- [--top N] [--out DIR] [--embeddings FILE] [--corpus FILE.csv ...]`
 *
 * Builds models/vocab/<hash>.bin from the GloVe package: the N most frequent words
 * (default 20000), every word the synthetic data generator writes, and every word of
 * the given corpus CSV files (a "text" column, e.g. customer data).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { generatorLexicon } from '../data/generator.ts';
import { loadLabelledCsv } from '../data/load-csv.ts';
import { buildVocabulary, DEFAULT_TOP_WORDS } from '../vocab/build.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

const { values } = parseArgs({
	options: {
		top: { type: 'string', default: String(DEFAULT_TOP_WORDS) },
		out: { type: 'string', default: path.join(repoRoot, 'models', 'vocab') },
		embeddings: { type: 'string' },
		corpus: { type: 'string', multiple: true, default: [] },
		help: { type: 'boolean', short: 'h' }
	}
});

if (values.help) {
	console.log('Usage: npm run vocab -- [--top N] [--out DIR] [--embeddings FILE] [--corpus FILE.csv ...]');
	process.exit(0);
}

const top = Number(values.top);
if (!Number.isInteger(top) || top < 0) {
	console.error(`--top must be a non-negative integer, got ${values.top}`);
	process.exit(2);
}

const extraWords = [...generatorLexicon()];
for (const file of values.corpus) extraWords.push(...(await loadLabelledCsv(file)).map((s) => s.text));

const started = Date.now();
const bar = new cliProgress.SingleBar(
	{ format: 'GloVe {bar} {percentage}% | {duration}s', hideCursor: true },
	cliProgress.Presets.shades_classic
);
bar.start(100, 0);
const result = await buildVocabulary({
	topWords: top,
	extraWords,
	outDir: path.resolve(values.out),
	embeddingsFile: values.embeddings,
	onProgress: (f) => bar.update(Math.round(f * 100))
});
bar.stop();

console.log(`vocabulary: ${path.relative(process.cwd(), result.path)}`);
console.log(
	`  ${result.words} words, ${(result.bytes / 1e6).toFixed(2)} MB, sha256 ${result.sha256}, ${((Date.now() - started) / 1000).toFixed(1)} s`
);
if (result.missing.length > 0) console.log(`  not in GloVe (stay unknown to the model): ${result.missing.join(', ')}`);
