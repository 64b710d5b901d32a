/**
 * `npm run release -- [options]`: train (or take) a candidate, compare it with the
 * champion on the frozen evaluation set, promote it only when it is not worse, then
 * build, publish (pointer last), deploy and smoke-test; roll back on a failed smoke test.
 * Exit codes: 0 released, 3 candidate rejected (nothing changed for users),
 * 1 failed (rolled back when the registry had changed), 2 bad arguments.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveModelsDir } from '#lib/registry/models-dir.ts';
import { DEFAULT_POLICY, runRelease, type ReleaseOptions } from './release/pipeline.ts';
import { makeTargets, whoDecides } from './release/targets.ts';
import { fieldReport } from './release/field-stage.ts';
import { REPO_ROOT } from './release/deploy.ts';
import { UsageError } from '#lib/node/errors.ts';

const USAGE = `Usage: npm run release -- [options]
  --quick                 tiny training run (tests, dry runs)
  --candidate VERSION     release a version already registered instead of training one
  --challenger            register the candidate as shadow challenger instead of promoting it
  --by NAME               who decides (default: CI actor or $USER)
  --models-dir DIR        models folder (default $MODELS_DIR or ./models)
  --work-dir DIR          builds, deployment state, logs (default ./data/release)
  --seed N, --rows N, --epochs N, --data FILE.csv   passed to training
  --budget SECONDS        training wall-clock budget (default 720; quick 30)
  --regulation ID         train for training/regulations/ID.json (default cutoff-1995)
  --approve-regulation-change "REASON"   required when the regulation differs from the
                          champion's; recorded in the registry history
  --feedback              export the reviewed field labels from the database (DATABASE_URL) and
                          train on their field-train part; the gate adds the field-eval part.
                          Fine-tunes the champion (warm start: fewer epochs, lower learning rate)
                          when its featurizer, architecture and regulation fit, else trains from scratch
  --no-warm-start         with --feedback: train from scratch anyway
  --warm-start            fine-tune the champion without --feedback too
  --eval FILE.csv         frozen evaluation set (default models/eval/frozen-eval.csv)
  --reference-inventory FILE.csv  inventory whose verdict changes the report counts (text column;
                          default models/eval/realistic.csv)
  --publish-dir DIR       directory CDN origin (default ./data/cdn); --no-publish-dir to skip it
  --azure-container NAME  also publish to Azure Blob Storage (env AZURE_STORAGE_CONNECTION_STRING)
  --port N                deploy locally: node server.js on this port (default: no deploy)
  --no-smoke              skip the Chromium smoke test (env RELEASE_SMOKE_USERNAME/PASSWORD otherwise)
  --no-build              gate and registry only
  --reuse-build DIR       copy an earlier release's build instead of vite build (model-only release)
  Gate: --accuracy-tolerance 0.002 --slice-tolerance 0.01 --min-slice-count 30
        --min-accuracy 0.99 --min-slice-accuracy 0.95 (no champion) --max-model-kb 1024 --max-p50-ms 2
        realistic hand-written set (models/eval/realistic.csv): --max-unflagged-error 0.05
        --max-flagged 0.2 --min-undecidable-flagged 0.6 --max-phenomenon-error 0.1 (silent errors per phenomenon)
        --realistic-tolerance 0.01 (vs a champion with the same featurizer) --golden-tolerance 0
        --field-tolerance 0.01 (field-eval set of --feedback, vs the champion)
  -h, --help`;

function num(name: string, value: string | undefined, fallback: number): number;
function num(name: string, value: string | undefined): number | undefined;
function num(name: string, value: string | undefined, fallback?: number): number | undefined {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a non-negative number, got "${value}"`);
	return n;
}

function parse(argv: string[]): ReleaseOptions | null {
	const { values } = parseArgs({
		args: argv,
		strict: true,
		options: {
			quick: { type: 'boolean', default: false },
			feedback: { type: 'boolean', default: false },
			'warm-start': { type: 'boolean' },
			'no-warm-start': { type: 'boolean', default: false },
			budget: { type: 'string' },
			'field-tolerance': { type: 'string' },
			candidate: { type: 'string' },
			challenger: { type: 'boolean', default: false },
			by: { type: 'string' },
			'models-dir': { type: 'string' },
			'work-dir': { type: 'string' },
			seed: { type: 'string' },
			rows: { type: 'string' },
			epochs: { type: 'string' },
			data: { type: 'string' },
			eval: { type: 'string' },
			'reference-inventory': { type: 'string' },
			'publish-dir': { type: 'string' },
			'no-publish-dir': { type: 'boolean', default: false },
			'azure-container': { type: 'string' },
			port: { type: 'string' },
			'no-smoke': { type: 'boolean', default: false },
			'no-build': { type: 'boolean', default: false },
			'reuse-build': { type: 'string' },
			'accuracy-tolerance': { type: 'string' },
			'slice-tolerance': { type: 'string' },
			'min-slice-count': { type: 'string' },
			'min-accuracy': { type: 'string' },
			'min-slice-accuracy': { type: 'string' },
			'max-model-kb': { type: 'string' },
			'max-p50-ms': { type: 'string' },
			'max-unflagged-error': { type: 'string' },
			regulation: { type: 'string' },
			'approve-regulation-change': { type: 'string' },
			'max-flagged': { type: 'string' },
			'min-undecidable-flagged': { type: 'string' },
			'max-phenomenon-error': { type: 'string' },
			'realistic-tolerance': { type: 'string' },
			'golden-tolerance': { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	if (values.help) return null;
	const base = process.env.INIT_CWD ?? process.cwd();
	const resolve = (p: string | undefined) => (p === undefined ? undefined : path.resolve(base, p));
	const p = DEFAULT_POLICY;
	return {
		modelsDir: resolveModelsDir(resolve(values['models-dir'])),
		workDir: resolve(values['work-dir']) ?? path.join(REPO_ROOT, 'data', 'release'),
		quick: values.quick,
		candidate: values.candidate,
		train: {
			regulation: values.regulation,
			seed: num('seed', values.seed),
			rows: num('rows', values.rows),
			epochs: num('epochs', values.epochs),
			budgetSeconds: num('budget', values.budget),
			dataFile: resolve(values.data)
		},
		challenger: values.challenger,
		feedback: values.feedback,
		warmStart: values['no-warm-start'] ? false : (values['warm-start'] ?? values.feedback),
		by: whoDecides(values.by),
		policy: {
			...p,
			accuracyTolerance: num('accuracy-tolerance', values['accuracy-tolerance'], p.accuracyTolerance),
			sliceTolerance: num('slice-tolerance', values['slice-tolerance'], p.sliceTolerance),
			minSliceCount: num('min-slice-count', values['min-slice-count'], p.minSliceCount),
			minAccuracy: num('min-accuracy', values['min-accuracy'], p.minAccuracy),
			minSliceAccuracy: num('min-slice-accuracy', values['min-slice-accuracy'], p.minSliceAccuracy),
			maxModelBytes: 1024 * num('max-model-kb', values['max-model-kb'], p.maxModelBytes / 1024),
			maxP50Ms: num('max-p50-ms', values['max-p50-ms'], p.maxP50Ms),
			maxUnflaggedError: num('max-unflagged-error', values['max-unflagged-error'], p.maxUnflaggedError),
			maxFlaggedDecidable: num('max-flagged', values['max-flagged'], p.maxFlaggedDecidable),
			minUndecidableFlagged: num('min-undecidable-flagged', values['min-undecidable-flagged'], p.minUndecidableFlagged),
			maxPhenomenonSilentError: num('max-phenomenon-error', values['max-phenomenon-error'], p.maxPhenomenonSilentError),
			realisticTolerance: num('realistic-tolerance', values['realistic-tolerance'], p.realisticTolerance),
			goldenTolerance: num('golden-tolerance', values['golden-tolerance'], p.goldenTolerance),
			fieldTolerance: num('field-tolerance', values['field-tolerance'], p.fieldTolerance ?? 0.01),
			approveRegulationChange: values['approve-regulation-change']
		},
		evalFile: resolve(values.eval),
		referenceInventory: resolve(values['reference-inventory']),
		targets: makeTargets({
			publishDir: values['no-publish-dir'] ? null : resolve(values['publish-dir']),
			azureContainer: values['azure-container']
		}),
		buildApp: !values['no-build'],
		reuseBuild: resolve(values['reuse-build']),
		port: values.port === undefined ? null : num('port', values.port)!,
		smoke: !values['no-smoke'],
		log: (line) => console.log(line)
	};
}

let options: ReleaseOptions | null;
try {
	options = parse(process.argv.slice(2));
} catch (error) {
	console.error(`${(error as Error).message}\n\n${USAGE}`);
	process.exit(2);
}
if (!options) {
	console.log(USAGE);
	process.exit(0);
}

console.log(
	`Release: models ${options.modelsDir}, by ${options.by}, targets ${options.targets.map((t) => t.name).join(', ') || 'none'}${options.port === null ? '' : `, deploy on port ${options.port}`}`
);
const result = await runRelease(options);
console.log(
	result.stages.summary(
		`Release ${result.status.toUpperCase()}: candidate ${result.candidate ?? '-'}${result.outcome ? ` -> ${result.outcome}` : ''}`
	)
);
if (result.field) console.log(`\n${fieldReport(result.field).join('\n')}`);
if (result.error) console.error(`\nrelease failed: ${result.error}`);
if (result.status === 'rejected') console.log(`\nNothing users see changed. Why: ${result.gate?.reason}`);
process.exit(result.status === 'released' ? 0 : result.status === 'rejected' ? 3 : 1);
