/**
 * Model bundle manifest (`models/<version>/manifest.json`): the contract between the
 * training pipeline, the registry, the server, the CLI and the browser worker.
 * Validated with zod wherever a manifest is read.
 */
import { z } from '#lib/zod.ts';
import { CodedError } from '../errors.ts';

export const MANIFEST_SCHEMA_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits');

/** A file of the bundle. `path` is relative to the models root (served at /models/<path>). */
export const bundleFileSchema = z.object({
	path: z
		.string()
		.regex(/^[A-Za-z0-9._/-]+$/)
		.refine((p) => !p.split('/').includes('..'), 'path must stay inside the models root'),
	bytes: z.number().int().nonnegative(),
	sha256
});

const tensorSchema = z.object({
	name: z.string(),
	dtype: z.literal('float32'),
	/** Symbolic dimensions are strings ("batch", "tokens"). */
	shape: z.array(z.union([z.number().int().positive(), z.string()]))
});

export const goldenExampleSchema = z.object({
	text: z.string(),
	label: z.union([z.literal(0), z.literal(1)]),
	probability: z.number().min(0).max(1),
	/** The review head's outputs for this text (bundles with a review output). */
	review: z.array(z.number().min(0).max(1)).optional()
});

/** Histogram of predicted P(non-compliant) on the evaluation set, for drift (PSI) checks. */
export const referenceDistributionSchema = z.object({
	/** Bin edges, length bins + 1, from 0 to 1. */
	edges: z.array(z.number()).min(2),
	/** Share of predictions in each bin; sums to 1. */
	proportions: z.array(z.number().min(0)),
	count: z.number().int().nonnegative()
});

export const manifestSchema = z.object({
	schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
	version: z.string().regex(/^[A-Za-z0-9._-]+$/),
	created: z.iso.datetime(),
	featurizerVersion: z.string(),
	/** The regulation the model was trained for (training/regulations/<id>.json); absent in older bundles = cutoff-1995. */
	regulation: z.object({ id: z.string(), title: z.string() }).optional(),
	architecture: z.string(),
	inputs: z.array(tensorSchema).min(1),
	outputs: z.array(tensorSchema).min(1),
	labels: z.object({ '0': z.string(), '1': z.string() }),
	/** P(non-compliant) at or above which the label is 1. */
	threshold: z.number().min(0).max(1),
	/**
	 * When a verdict is shown as "Needs review": confidence max(p, 1-p) below minConfidence,
	 * a share of unknown words above maxUnknownShare, or the review head's P(undecidable) at
	 * or above undecidableThreshold (bundles with a review output; chosen by training on
	 * hand-written text).
	 */
	review: z.object({
		minConfidence: z.number().min(0.5).max(1),
		maxUnknownShare: z.number().min(0).max(1),
		undecidableThreshold: z.number().min(0).max(1).optional()
	}),
	files: z.object({ model: bundleFileSchema, vocabulary: bundleFileSchema }),
	/** Evaluation results (see training/src/eval); free-form beyond the headline numbers. */
	metrics: z.object({ accuracy: z.number(), f1: z.number() }).catchall(z.unknown()),
	referenceDistribution: referenceDistributionSchema,
	golden: z.array(goldenExampleSchema).min(1),
	lineage: z.object({
		dataHash: z.string(),
		dataSource: z.string(),
		trainingConfig: z.record(z.string(), z.unknown()),
		gitCommit: z.string().nullable(),
		parity: z.object({ samples: z.number().int(), maxAbsDiffNode: z.number(), maxAbsDiffWeb: z.number(), labelChanges: z.number().int() })
	})
});

export type BundleFile = z.infer<typeof bundleFileSchema>;
export type GoldenExample = z.infer<typeof goldenExampleSchema>;
export type ReferenceDistribution = z.infer<typeof referenceDistributionSchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export class ManifestError extends CodedError<'MANIFEST_INVALID'> {
	constructor(message: string) {
		super('MANIFEST_INVALID', message);
	}
}

export function parseManifest(json: unknown, source = 'manifest'): Manifest {
	const result = manifestSchema.safeParse(json);
	if (!result.success) {
		const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
		throw new ManifestError(`${source} is not a valid model manifest: ${issues}`);
	}
	return result.data;
}
