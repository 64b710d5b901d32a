/**
 * Writes a model bundle: `<models>/<version>/{model.onnx, manifest.json, report.md}`.
 * The manifest is validated with the shared schema before anything is written, and the
 * folder appears atomically (written under a temp name, then renamed).
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
	MANIFEST_SCHEMA_VERSION,
	parseManifest,
	type GoldenExample,
	type Manifest,
	type ReferenceDistribution
} from '../../../src/lib/bundle/manifest.ts';
import type { RegistryEntry } from '../../../src/lib/bundle/registry.ts';
import { FEATURIZER_VERSION, LABEL_NAMES, modelSignature } from '../../../src/lib/bundle/model-contract.ts';
import { SIGNATURE_FILE } from '../../../src/lib/bundle/signature.ts';
import { loadSigningKey, signManifest } from '../../../src/lib/registry/signing.ts';
import { CodedError } from '../../../src/lib/errors.ts';

/**
 * Defaults for "Needs review" when training does not choose them on hand-written text:
 * below this confidence max(p, 1-p), above this share of unknown words, at or above this
 * P(undecidable).
 */
export const REVIEW_DEFAULTS: Manifest['review'] = { minConfidence: 0.8, maxUnknownShare: 0.34, undecidableThreshold: 0.5 };

export interface BundleInput {
	modelsDir: string;
	onnx: Uint8Array;
	created: Date;
	architecture: string;
	/** Absolute path of the vocabulary file, inside `<modelsDir>/vocab/`. */
	vocabularyFile: string;
	vocabularySha256: string;
	vocabularyBytes: number;
	threshold: number;
	review?: Manifest['review'];
	regulation?: Manifest['regulation'];
	metrics: Manifest['metrics'];
	referenceDistribution: ReferenceDistribution;
	golden: GoldenExample[];
	lineage: Manifest['lineage'];
	report: string;
}

export interface WrittenBundle {
	version: string;
	dir: string;
	manifest: Manifest;
	/** Registry entry without status (the registry decides it). */
	entry: Omit<RegistryEntry, 'status'>;
}

export class BundleError extends CodedError<'BUNDLE_WRITE'> {
	constructor(message: string) {
		super('BUNDLE_WRITE', message);
	}
}

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYYMMDD-HHMMSS-<first 6 hex of the ONNX sha256>, UTC. */
export function versionName(created: Date, onnxSha256: string): string {
	const d = created;
	const date = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
	const time = `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
	return `${date}-${time}-${onnxSha256.slice(0, 6)}`;
}

function relativeToModels(modelsDir: string, file: string): string {
	const rel = path.relative(modelsDir, file).split(path.sep).join('/');
	if (rel.startsWith('..'))
		throw new BundleError(`The vocabulary ${file} is outside the models folder ${modelsDir}; bundles can only reference files under it`);
	return rel;
}

export async function writeBundle(input: BundleInput): Promise<WrittenBundle> {
	const sha256 = createHash('sha256').update(input.onnx).digest('hex');
	const version = versionName(input.created, sha256);
	const dir = path.join(input.modelsDir, version);
	const exists = await stat(dir).then(
		() => true,
		() => false
	);
	if (exists) throw new BundleError(`${dir} already exists; versions are immutable (train again for a new version)`);
	const manifest = parseManifest(
		{
			schemaVersion: MANIFEST_SCHEMA_VERSION,
			version,
			created: input.created.toISOString(),
			featurizerVersion: FEATURIZER_VERSION,
			...(input.regulation ? { regulation: input.regulation } : {}),
			architecture: input.architecture,
			...modelSignature(),
			labels: LABEL_NAMES,
			threshold: input.threshold,
			review: input.review ?? REVIEW_DEFAULTS,
			files: {
				model: { path: `${version}/model.onnx`, bytes: input.onnx.byteLength, sha256 },
				vocabulary: {
					path: relativeToModels(input.modelsDir, input.vocabularyFile),
					bytes: input.vocabularyBytes,
					sha256: input.vocabularySha256
				}
			},
			metrics: input.metrics,
			referenceDistribution: input.referenceDistribution,
			golden: input.golden,
			lineage: input.lineage
		},
		`the manifest of ${version}`
	);
	const temp = path.join(input.modelsDir, `.${version}.tmp`);
	await rm(temp, { recursive: true, force: true });
	await mkdir(temp, { recursive: true });
	try {
		await writeFile(path.join(temp, 'model.onnx'), input.onnx);
		await writeFile(path.join(temp, 'manifest.json'), `${JSON.stringify(manifest, null, '\t')}\n`);
		await writeFile(path.join(temp, 'report.md'), input.report.endsWith('\n') ? input.report : `${input.report}\n`);
		// Signed with MODEL_SIGNING_KEY, else the development key (README "Security"): apps refuse unsigned bundles.
		await writeFile(path.join(temp, SIGNATURE_FILE), `${JSON.stringify(signManifest(manifest, await loadSigningKey()), null, '\t')}\n`);
		await rename(temp, dir);
	} catch (error) {
		await rm(temp, { recursive: true, force: true });
		throw error;
	}
	return {
		version,
		dir,
		manifest,
		entry: {
			version,
			created: manifest.created,
			manifest: `${version}/manifest.json`,
			metrics: headlineMetrics(manifest.metrics),
			modelBytes: input.onnx.byteLength,
			vocabulary: manifest.files.vocabulary.path,
			...(manifest.regulation ? { regulation: manifest.regulation.id } : {})
		}
	};
}

/** The registry keeps only headline numbers; the manifest has the full evaluation. */
function headlineMetrics(metrics: Manifest['metrics']): RegistryEntry['metrics'] {
	const keep = ['accuracy', 'f1', 'precision', 'recall', 'ece', 'heldOutShapesAccuracy', 'minYearAccuracy', 'testCount'];
	return Object.fromEntries(Object.entries(metrics).filter(([k]) => keep.includes(k))) as RegistryEntry['metrics'];
}
