/**
 * Batch CLI: classify every description of a CSV file, or every passage of a document
 * (PDF, DOCX, XLSX, TXT, Markdown), into JSON Lines.
 *
 *   npm run classify -- --input FILE.csv --output FILE.jsonl [--model VERSION]
 *   npm run classify -- --input spec.txt --output findings.jsonl
 *
 * Same featurizer and ONNX file as the browser, run by onnxruntime-node.
 * Exit codes: 0 done (bad rows are reported in the output), 1 the run failed, 2 usage error.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadNodeClassifier } from '#lib/inference/load-node.ts';
import { resolveModelsDir } from '#lib/registry/models-dir.ts';
import { RUN_BATCH } from '../src/lib/inference/classifier.ts';
import { runBatch } from '../src/lib/batch/run-batch.ts';
import { createProgress } from '../src/lib/batch/progress.ts';
import { runDocument } from '#lib/batch/run-document.ts';
import { formatFromName } from '#lib/documents/detect-format.ts';

const HELP = `Classify component descriptions from a CSV file.

Usage:
  npm run classify -- --input FILE.csv --output FILE.jsonl [options]

Input:   a CSV file with a header line that has a "text" column and optionally an "id"
         column (other columns are ignored; quoted fields may contain commas, quotes
         written as "" and line breaks). "-" reads standard input.
Output:  JSON Lines, one object per input row, in input order:
           {"id": ..., "label": 0|1, "probability": P(non-compliant),
            "needsReview": true|false, "reviewReasons": [...], "model": VERSION}
         needsReview: a person should check the verdict; reviewReasons says why in plain
         words ("no manufacture year found", "material not stated or not recognised", ...).
         id is the row's "id" value, else its 1-based row number. A row that cannot be
         classified (empty, over 2000 characters, broken quoting) gives
           {"id": ..., "row": N, "error": {"code": ..., "message": ...}}
         and the run goes on. "-" writes standard output. The file appears only when the
         run completes (it is written as FILE.partial first).

Documents: --input spec.pdf | .docx | .xlsx | .txt | .md (up to 50 MB) is split into
         passages (table rows read with their column headers, list items, sentences;
         headings and page numbers skipped) and gives one line per passage:
           {"document", "page", "passage", "text", "label", "probability",
            "needsReview", "reviewReasons"}
         Passages the model says are not component descriptions (boilerplate) are left
         out unless --all-passages. Pages: PDF pages, Word page breaks, Excel sheets.
         A PDF of scanned images has no text to read (no OCR).
Options:
  -i, --input FILE        CSV or document to classify (required)
  -o, --output FILE       JSON Lines to write (required)
  -m, --model VERSION     model version or alias (default: champion)
      --models-dir DIR    models directory with registry.json (default: models/ of this repository)
      --threads N         onnxruntime intra-op threads (default 1; more help only on an idle
                          machine with spare cores: ${availableParallelism()} CPUs here)
      --chunk-size N      rows per inference batch (default: ${RUN_BATCH})
      --all-passages      documents: keep passages that do not look like component descriptions
  -q, --quiet             no progress and no summary
  -h, --help              show this help

Progress and the summary go to stderr: a bar on a terminal, a line every 5 s otherwise.
Exit status: 0 when the run completes (even with bad rows), 1 when it fails, 2 on wrong usage.
`;

function usage(message: string): never {
	process.stderr.write(`error: ${message}\nRun with --help for usage.\n`);
	process.exit(2);
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1) usage(`${flag} must be a whole number of at least 1, got "${value}".`);
	return n;
}

/** A document by its extension; everything else (.csv, stdin, no extension) takes the CSV path as before. */
function isDocument(input: string): boolean {
	try {
		return input !== '-' && formatFromName(input) !== 'csv';
	} catch {
		return false;
	}
}

let args;
try {
	args = parseArgs({
		options: {
			input: { type: 'string', short: 'i' },
			output: { type: 'string', short: 'o' },
			model: { type: 'string', short: 'm', default: 'champion' },
			'models-dir': { type: 'string' },
			threads: { type: 'string' },
			'chunk-size': { type: 'string' },
			'all-passages': { type: 'boolean', default: false },
			quiet: { type: 'boolean', short: 'q', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		},
		strict: true,
		allowPositionals: false
	}).values;
} catch (err) {
	usage((err as Error).message);
}

if (args.help) {
	process.stdout.write(HELP);
	process.exit(0);
}
if (!args.input) usage('--input FILE.csv is required.');
if (!args.output) usage('--output FILE.jsonl is required.');
if (args.output !== '-' && args.input !== '-' && path.resolve(args.input) === path.resolve(args.output))
	usage('--output must differ from --input.');

const threads = positiveInt(args.threads, '--threads', 1);
const chunkSize = positiveInt(args['chunk-size'], '--chunk-size', RUN_BATCH);
const log = (line: string) => {
	if (!args.quiet) process.stderr.write(line + '\n');
};

try {
	const modelsDir = resolveModelsDir(args['models-dir']);
	const classifier = await loadNodeClassifier({ modelsDir, version: args.model, threads });
	const { labels } = classifier.manifest;
	log(`Model ${classifier.version} (${modelsDir}), ${threads} thread(s).`);

	const interrupted = new AbortController();
	process.once('SIGINT', () => interrupted.abort());
	if (isDocument(args.input)) {
		const r = await runDocument({
			signal: interrupted.signal,
			input: args.input,
			output: args.output,
			classifier,
			chunkSize,
			allPassages: args['all-passages']
		});
		log(
			`Scanned ${r.pages} page(s), ${r.passages} passages in ${r.seconds.toFixed(2)} s (${(r.pages / Math.max(r.seconds, 1e-9)).toFixed(1)} pages/s, extraction ${Math.round((r.extractSeconds / Math.max(r.seconds, 1e-9)) * 100)}%) with model ${classifier.version}: ` +
				`${r.findings} findings, ${r.labels[1]} ${labels['1']} (1), ${r.labels[0]} ${labels['0']} (0), ${r.needsReview} need review; ${r.notComponents} passage(s) left out as not component descriptions.`
		);
		if (args.output !== '-') log(`Output: ${args.output}`);
		process.exit(0);
	}
	const { stats, seconds } = await runBatch({
		signal: interrupted.signal,
		input: args.input,
		output: args.output,
		classifier,
		chunkSize,
		progress: args.quiet ? undefined : (totalBytes) => createProgress({ totalBytes })
	});

	const codes = [...stats.errorCodes].map(([code, n]) => `${code} ${n}`).join(', ');
	log(
		`Classified ${stats.rows} rows in ${seconds.toFixed(1)} s (${Math.round(stats.rows / Math.max(seconds, 1e-9))} rows/s) with model ${classifier.version}: ` +
			`${stats.labels[0]} ${labels['0']} (0), ${stats.labels[1]} ${labels['1']} (1), ${stats.errors} errors${codes ? ` (${codes})` : ''}.`
	);
	if (args.output !== '-') log(`Output: ${args.output}`);
} catch (err) {
	const code = (err as { code?: unknown }).code;
	process.stderr.write(`error: ${(err as Error).message}${typeof code === 'string' ? ` [${code}]` : ''}\n`);
	process.exit(code === 'INTERRUPTED' ? 130 : 1);
}
