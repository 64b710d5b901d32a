/**
 * `npm run train -- [--quick] [--data FILE.csv] [--rows N] [--epochs N] [--seed N]
 *                   [--budget SECONDS] [--architectures LIST] [--hand-written-weight W]
 *                   [--feedback FILE.csv] [--feedback-weight W] [--init champion|VERSION]
 *                   [--models-dir DIR] [--no-register]`
 *
 * Trains the candidates, exports the best to ONNX, checks parity, writes
 * models/<version>/ and registers it (the first version becomes champion).
 * Exit codes: 0 ok, 1 a stage failed, 2 bad arguments.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FINE_TUNE, makeConfig, ConfigError, type TrainConfig } from '../pipeline/config.ts';
import { runTraining } from '../pipeline/train-pipeline.ts';
import { formatSeconds } from '../model/progress.ts';
import { ARCHITECTURES } from '../model/architectures.ts';
import { listRegulations, loadRegulation } from '../data/regulation.ts';

const USAGE = `Usage: npm run train -- [options]
  --quick            tiny run (3000 rows, 3 epochs, committed vocabulary), < 60 s
  --data FILE.csv    train on your labelled CSV (columns: text,label; label 0, 1 or review)
                     instead of synthetic data (the hand-written supplement is then not used)
  --rows N           synthetic rows to generate (default 60000; quick 3000)
  --epochs N         maximum epochs per candidate (default 14; quick 3)
  --seed N           seed for data, split, weights and batch order (default 1)
  --budget SECONDS   wall-clock limit for training all candidates (default 720; quick 30)
  --architectures L  candidates to train and compare on validation, comma-separated, from:
                     ${Object.keys(ARCHITECTURES).join(', ')} (default dilated; quick dilated-small)
  --hand-written-weight W   weight of a hand-written training row (default 4)
  --feedback FILE.csv       field labels from "npm run feedback -- export": field-train rows are
                     trained on (weighted), field-eval rows never are
  --feedback-weight W       weight of a field-train row (default 8)
  --init champion|VERSION   warm start: fine-tune that registered model (its architecture and
                     vocabulary; same featurizer and regulation) instead of random weights;
                     defaults become ${FINE_TUNE.epochs} epochs (quick ${FINE_TUNE.quickEpochs}) at learning rate ${FINE_TUNE.learningRate}
  --regulation ID    label generated and hand-written rows by training/regulations/ID.json
                     (default cutoff-1995; known: ${listRegulations().join(', ')})
  --models-dir DIR   models folder (default $MODELS_DIR or ./models)
  --no-register      write the bundle but leave registry.json alone
  -h, --help         this text`;

function integer(name: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isInteger(n)) throw new ConfigError(`--${name} must be an integer, got "${value}"`);
	return n;
}

function parse(argv: string[]): TrainConfig | null {
	const { values } = parseArgs({
		args: argv,
		options: {
			quick: { type: 'boolean', default: false },
			data: { type: 'string' },
			rows: { type: 'string' },
			epochs: { type: 'string' },
			seed: { type: 'string' },
			budget: { type: 'string' },
			architectures: { type: 'string' },
			'hand-written-weight': { type: 'string' },
			feedback: { type: 'string' },
			'feedback-weight': { type: 'string' },
			init: { type: 'string' },
			regulation: { type: 'string' },
			'models-dir': { type: 'string' },
			'no-register': { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		},
		strict: true
	});
	if (values.help) return null;
	if (values.init !== undefined && values.architectures !== undefined)
		throw new ConfigError(
			`--init fine-tunes the architecture of ${values.init}; leave out --architectures (or train from scratch without --init)`
		);
	// npm runs workspace scripts inside training/; paths on the command line are meant from where npm was started.
	const base = process.env.INIT_CWD ?? process.cwd();
	const resolve = (p: string | undefined) => (p === undefined ? undefined : path.resolve(base, p));
	return makeConfig({
		quick: values.quick,
		dataFile: resolve(values.data),
		rows: integer('rows', values.rows),
		epochs: integer('epochs', values.epochs),
		seed: integer('seed', values.seed),
		trainBudgetSeconds: integer('budget', values.budget),
		architectures: values.architectures?.split(',').map((name) => {
			const a = ARCHITECTURES[name.trim()];
			if (!a) throw new ConfigError(`--architectures: unknown "${name}"; use ${Object.keys(ARCHITECTURES).join(', ')}`);
			return a;
		}),
		handWrittenWeight: values['hand-written-weight'] === undefined ? undefined : Number(values['hand-written-weight']),
		feedbackFile: resolve(values.feedback),
		feedbackWeight: values['feedback-weight'] === undefined ? undefined : Number(values['feedback-weight']),
		init: values.init,
		regulation: values.regulation === undefined ? undefined : loadRegulation(values.regulation).id,
		modelsDir: resolve(values['models-dir']),
		register: !values['no-register']
	});
}

let config: TrainConfig | null;
try {
	config = parse(process.argv.slice(2));
} catch (error) {
	console.error(`${(error as Error).message}\n\n${USAGE}`);
	process.exit(2);
}
if (!config) {
	console.log(USAGE);
	process.exit(0);
}

try {
	const result = await runTraining(config);
	const m = result.manifest.metrics;
	console.log(
		`\nModel ${result.version} (${result.manifest.architecture})` +
			`\n  test accuracy ${(100 * m.accuracy).toFixed(3)}%, F1 ${(100 * m.f1).toFixed(3)}%` +
			(typeof m.minYearAccuracy === 'number' ? `, worst year 1990-1999 ${(100 * m.minYearAccuracy).toFixed(2)}%` : '') +
			(typeof m.heldOutShapesAccuracy === 'number' ? `, held-out shapes ${(100 * m.heldOutShapesAccuracy).toFixed(2)}%` : '') +
			`\n  bundle ${result.dir}` +
			`\n  registry: ${result.status ?? 'not registered (--no-register)'}` +
			`\n  total ${formatSeconds(result.seconds)}`
	);
	for (const w of result.warnings) console.warn(`warning: ${w}`);
} catch (error) {
	const e = error as Error & { code?: string; cause?: unknown };
	console.error(`\ntrain failed: ${e.message}`);
	if (process.env.DEBUG && e.cause instanceof Error) console.error(e.cause.stack);
	process.exit(1);
}
