/**
 * Test fixture: a complete, tiny models directory (registry.json, manifest.json,
 * model.onnx, vocab/<hash>.bin) with a random-weight model exported by the real ONNX
 * exporter. Loads with `loadNodeClassifier` and passes its self-test: the golden
 * examples are computed by running the exported model through the real Classifier.
 *
 *   const { modelsDir, version } = await makeTinyBundle(tmp, { seed: 1, version: 'tiny-1' });
 *
 * Signed with the development key (options.signingKey), as `npm run models -- sign` would.
 * Calling it again on the same directory adds another version and moves the alias
 * (champion by default) to it; registry.json is replaced atomically (write + rename),
 * as a release would, so a watching server never reads half a file.
 *
 * Node only (TensorFlow.js + onnxruntime-node); for tests, never for the app.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildModel, describeArchitecture, LAYER, type Architecture } from '../../training/src/model/architectures.ts';
import { exportOnnx } from '../../training/src/onnx/export.ts';
import { modelSignature } from '#lib/bundle/model-contract.ts';
import { sha256Hex } from '#lib/bundle/integrity.ts';
import { MANIFEST_SCHEMA_VERSION, parseManifest, type Manifest } from '#lib/bundle/manifest.ts';
import { emptyRegistry, parseRegistry, type Registry } from '#lib/bundle/registry.ts';
import { Classifier } from '#lib/inference/classifier.ts';
import { loadRuntime } from '#lib/inference/ort.ts';
import { loadSigningKey, signBundle, type SigningKey } from '#lib/registry/signing.ts';
import { EMBEDDING_DIM, FEATURIZER_VERSION, encodeVocabulary, quantizeRow, Vocabulary } from '#lib/text/index.ts';

export interface TinyBundleOptions {
	/** Seeds the weights and the word vectors: same seed, same numbers. Default 1. */
	seed?: number;
	/** Default `tiny-<seed>`. */
	version?: string;
	/** Registry alias pointed at this version (default champion); null registers it only. */
	alias?: 'champion' | 'challenger' | null;
	/** Default a small conv model (4 filters, k=3, 4 hidden units). */
	architecture?: Architecture;
	/** Signed with this key (default the development key, which tests trust); null leaves the bundle unsigned. */
	signingKey?: SigningKey | null;
}

export interface TinyBundle {
	modelsDir: string;
	version: string;
	manifest: Manifest;
	/** The texts of the golden examples (a handy set of realistic descriptions). */
	texts: string[];
}

/** Words of the tiny vocabulary, most frequent first (as in the real one). */
export const TINY_WORDS = [
	'the',
	'in',
	'and',
	'of',
	'condition',
	'component',
	'manufactured',
	'made',
	'steel',
	'iron',
	'plastic',
	'carbon',
	'fiber',
	'new',
	'good',
	'fair',
	'poor',
	'bracket',
	'pipe',
	'valve',
	'housing',
	'bolt',
	'panel',
	'gear',
	'shaft',
	'used',
	'year',
	'from',
	'with',
	'part'
];

export const TINY_TEXTS = [
	'Steel component manufactured in 1995 in fair condition',
	'Carbon fiber panel made in 2012, new condition',
	'Plastic housing from 1987 in poor condition',
	'Iron bracket, good condition, manufactured 2001',
	'Steel shaft in good condition made in 1999',
	'Used gear of iron from 1979',
	'New carbon fiber valve 2020',
	'Plastik pipe in fair conditon from 1990'
];

/** mulberry32: small, seedable, good enough for test vectors. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function tinyVocabulary(seed: number): Uint8Array {
	const next = random(seed);
	const rows = new Int8Array(TINY_WORDS.length * EMBEDDING_DIM);
	const scales = new Float32Array(TINY_WORDS.length);
	const row = new Float32Array(EMBEDDING_DIM);
	TINY_WORDS.forEach((_, i) => {
		for (let j = 0; j < EMBEDDING_DIM; j++) row[j] = next() * 2 - 1;
		scales[i] = quantizeRow(row, rows, i * EMBEDDING_DIM);
	});
	return encodeVocabulary(TINY_WORDS, scales, rows, EMBEDDING_DIM);
}

/**
 * A random model's probabilities cluster in a narrow band. To get realistic test data
 * (both labels at threshold 0.5, some confident verdicts, some for review) the output
 * layer is rescaled so the fixture texts' logits are centred on 0 and spread over ~6.
 */
async function exportTinyModel(architecture: Architecture, seed: number, vocabulary: Vocabulary, manifest: Manifest): Promise<Uint8Array> {
	// The pure-JS backend: building and reading weights needs no speed, and it avoids
	// loading WASM in every test process.
	await tf.setBackend('cpu');
	// Quiets the pure-JS backend's "install tfjs-node" banner in every test log.
	tf.env().set('IS_TEST', true);
	const model = buildModel(architecture, seed);
	try {
		const first = await probabilities(exportOnnx(model, architecture), vocabulary, manifest);
		const logits = first.map((p) => Math.log(p / (1 - p))).sort((a, b) => a - b);
		const centre = (logits[logits.length / 2 - 1] + logits[logits.length / 2]) / 2;
		const scale = 6 / Math.max(logits[logits.length - 1] - logits[0], 1e-3);
		const output = model.getLayer(LAYER.output);
		const [kernel, bias] = output.getWeights();
		output.setWeights(tf.tidy(() => [kernel.mul(scale), bias.sub(centre).mul(scale)]));
		return exportOnnx(model, architecture);
	} finally {
		model.dispose();
	}
}

/** P(non-compliant) of TINY_TEXTS, through the same Classifier code the app uses. */
async function probabilities(modelBytes: Uint8Array, vocabulary: Vocabulary, manifest: Manifest): Promise<number[]> {
	const ort = await loadRuntime('node');
	const session = await ort.InferenceSession.create(modelBytes);
	try {
		const probe = new Classifier({ manifest, vocabulary, session, Tensor: ort.Tensor });
		return Array.from(await probe.probabilities(TINY_TEXTS.map((t) => probe.analyze(t))));
	} finally {
		await session.release();
	}
}

async function readRegistry(file: string): Promise<Registry> {
	try {
		return parseRegistry(JSON.parse(await readFile(file, 'utf8')), file);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyRegistry();
		throw e;
	}
}

async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
	const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
	await writeFile(tmp, data);
	await rename(tmp, file);
}

export async function makeTinyBundle(dir: string, options: TinyBundleOptions = {}): Promise<TinyBundle> {
	const seed = options.seed ?? 1;
	const version = options.version ?? `tiny-${seed}`;
	const alias = options.alias === undefined ? 'champion' : options.alias;
	const architecture = options.architecture ?? { kind: 'conv', filters: 4, kernelSize: 3, hidden: 4 };
	const modelsDir = path.resolve(dir);

	const vocabBytes = tinyVocabulary(seed);
	const vocabulary = Vocabulary.decode(vocabBytes);
	const vocabPath = `vocab/${await sha256Hex(vocabBytes)}.bin`;
	const modelPath = `${version}/model.onnx`;
	const created = new Date().toISOString();
	const draft: Manifest = {
		schemaVersion: MANIFEST_SCHEMA_VERSION,
		version,
		created,
		featurizerVersion: FEATURIZER_VERSION,
		architecture: describeArchitecture(architecture),
		...modelSignature(),
		labels: { '0': 'compliant', '1': 'non-compliant' },
		threshold: 0.5,
		// Random review-head weights say nothing: only low confidence flags a tiny model's verdicts.
		review: { minConfidence: 0.75, maxUnknownShare: 0.5, undecidableThreshold: 1 },
		files: {
			model: { path: modelPath, bytes: 0, sha256: '0'.repeat(64) },
			vocabulary: { path: vocabPath, bytes: vocabBytes.byteLength, sha256: await sha256Hex(vocabBytes) }
		},
		metrics: { accuracy: 0.5, f1: 0.5 },
		referenceDistribution: { edges: [0, 0.5, 1], proportions: [0.5, 0.5], count: 2 },
		golden: [{ text: 'placeholder', label: 0, probability: 0 }],
		lineage: {
			dataHash: 'tiny',
			dataSource: 'random weights (tests/support/tiny-bundle.ts)',
			trainingConfig: { seed, architecture },
			gitCommit: null,
			parity: { samples: 0, maxAbsDiffNode: 0, maxAbsDiffWeb: 0, labelChanges: 0 }
		}
	};
	const modelBytes = await exportTinyModel(architecture, seed, vocabulary, draft);
	const p = await probabilities(modelBytes, vocabulary, draft);
	const manifest = parseManifest({
		...draft,
		files: { ...draft.files, model: { path: modelPath, bytes: modelBytes.byteLength, sha256: await sha256Hex(modelBytes) } },
		golden: TINY_TEXTS.map((text, i) => ({ text, label: p[i] >= draft.threshold ? 1 : 0, probability: p[i] }))
	});
	await mkdir(path.join(modelsDir, 'vocab'), { recursive: true });
	await mkdir(path.join(modelsDir, version), { recursive: true });
	await writeFile(path.join(modelsDir, vocabPath), vocabBytes);
	await writeFile(path.join(modelsDir, modelPath), modelBytes);
	await writeAtomically(path.join(modelsDir, version, 'manifest.json'), JSON.stringify(manifest, null, '\t') + '\n');
	const signingKey = options.signingKey === undefined ? await loadSigningKey({}) : options.signingKey;
	if (signingKey) await signBundle(modelsDir, version, signingKey);

	const registryFile = path.join(modelsDir, 'registry.json');
	const registry = await readRegistry(registryFile);
	const previousChampion = registry.aliases.champion;
	registry.versions = registry.versions.filter((v) => v.version !== version);
	registry.versions.push({
		version,
		created,
		status: alias ?? 'registered',
		manifest: `${version}/manifest.json`,
		metrics: manifest.metrics,
		modelBytes: modelBytes.byteLength,
		vocabulary: vocabPath
	});
	if (alias) {
		for (const v of registry.versions) if (v.version !== version && v.status === alias) v.status = 'archived';
		registry.aliases[alias] = version;
	}
	registry.history.push({
		at: created,
		action: alias === 'champion' ? 'promote' : alias === 'challenger' ? 'challenger' : 'register',
		version,
		previousChampion,
		by: 'tiny-bundle fixture',
		reason: 'test fixture'
	});
	await writeAtomically(registryFile, JSON.stringify(parseRegistry(registry), null, '\t') + '\n');
	return { modelsDir, version, manifest, texts: [...TINY_TEXTS] };
}
