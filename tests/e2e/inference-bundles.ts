/**
 * Tiny real model bundles for the inference e2e tests: a small vocabulary (the generator's
 * words, random vectors), a conv model with the production graph shape and random
 * weights, and a manifest whose golden examples come from onnxruntime-node, signed with the
 * development key (which a test build trusts). Built in the test process; served to the
 * browser with context.route().
 */
import { createHash } from 'node:crypto';
import type { BrowserContext, Route } from '@playwright/test';
import { GraphBuilder } from '../../training/src/onnx/graph-builder.ts';
import { modelSignature, REVIEW_SIGNALS } from '../../src/lib/bundle/model-contract.ts';
import { generate, generatorLexicon } from '../../training/src/data/generator.ts';
import { createRandom, type Random } from '../../training/src/data/random.ts';
import { encodeVocabulary, quantizeRow, Vocabulary } from '#lib/text/vocabulary.ts';
import { FEATURE_DIM, FEATURIZER_VERSION, EMBEDDING_DIM } from '#lib/text/featurize.ts';
import { parseManifest, type Manifest } from '#lib/bundle/manifest.ts';
import { Classifier } from '#lib/inference/classifier.ts';
import { loadRuntime } from '#lib/inference/ort.ts';
import type { BundleSignature } from '#lib/bundle/signature.ts';
import { loadSigningKey, signManifest, type SigningKey } from '#lib/registry/signing.ts';

export interface TestBundle {
	version: string;
	manifest: Manifest;
	/** Bundle files by path relative to the models root. */
	files: Map<string, Uint8Array>;
	/** `<version>/signature.json`; null for an unsigned bundle. */
	signature: BundleSignature | null;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function randomArray(rng: Random, length: number, scale: number): Float32Array {
	const out = new Float32Array(length);
	for (let i = 0; i < length; i++) out[i] = (rng.next() * 2 - 1) * scale;
	return out;
}

export function buildVocabulary(seed = 7): Uint8Array {
	const rng = createRandom(seed);
	const words = [...new Set(generatorLexicon())].filter((w) => w !== '' && !w.includes('\n'));
	const rows = new Int8Array(words.length * EMBEDDING_DIM);
	const scales = new Float32Array(words.length);
	words.forEach((_, i) => (scales[i] = quantizeRow(randomArray(rng, EMBEDDING_DIM, 1), rows, i * EMBEDDING_DIM)));
	return encodeVocabulary(words, scales, rows, EMBEDDING_DIM);
}

/** Conv(k=3, same) -> ReLU -> mask -> max over tokens -> Gemm -> ReLU -> {Gemm -> Sigmoid, Gemm -> Sigmoid (review)}, random weights. */
export function buildModel(seed: number, filters = 8, hidden = 8): Uint8Array {
	const rng = createRandom(seed);
	const g = new GraphBuilder();
	const features = g.input('features', ['batch', 'tokens', FEATURE_DIM]);
	const mask = g.input('mask', ['batch', 'tokens']);
	const w = g.floats('conv.kernel', [filters, FEATURE_DIM, 3], randomArray(rng, filters * FEATURE_DIM * 3, 0.15));
	const b = g.floats('conv.bias', [filters], randomArray(rng, filters, 0.1));
	const ncw = g.node('Transpose', [features], { perm: [0, 2, 1] });
	const conv = g.node('Conv', [ncw, w, b], { kernel_shape: [3], pads: [1, 1], strides: [1], dilations: [1], group: 1 });
	const masked = g.node('Mul', [g.node('Relu', [conv]), g.node('Unsqueeze', [mask, g.int64s('axes_1', [1])])]);
	const pooled = g.node('ReduceMax', [masked], { axes: [2], keepdims: 0 });
	const h = g.node('Relu', [
		g.node('Gemm', [
			pooled,
			g.floats('hidden.kernel', [filters, hidden], randomArray(rng, filters * hidden, 0.8)),
			g.floats('hidden.bias', [hidden], randomArray(rng, hidden, 0.1))
		])
	]);
	g.node(
		'Sigmoid',
		[
			g.node('Gemm', [h, g.floats('out.kernel', [hidden, 1], randomArray(rng, hidden, 1.5)), g.floats('out.bias', [1], Float32Array.of(0))])
		],
		{},
		'probability'
	);
	const R = REVIEW_SIGNALS.length;
	g.node(
		'Sigmoid',
		[
			g.node('Gemm', [
				h,
				g.floats('review.kernel', [hidden, R], randomArray(rng, hidden * R, 1)),
				g.floats('review.bias', [R], new Float32Array(R))
			])
		],
		{},
		'review'
	);
	g.output('probability', ['batch', 1]);
	g.output('review', ['batch', R]);
	return g.build('test-conv');
}

/** Descriptions from the synthetic generator (deterministic for a seed). */
export function descriptions(count: number, seed = 99): string[] {
	return generate({ count, seed }).map((s) => s.text);
}

/** A complete bundle; golden examples are computed with onnxruntime-node, away from the threshold. */
export async function buildBundle(
	version: string,
	modelSeed: number,
	vocabulary = buildVocabulary(),
	signingKey: SigningKey | null | undefined = undefined
): Promise<TestBundle> {
	const model = buildModel(modelSeed);
	const vocabPath = `vocab/${sha256(vocabulary).slice(0, 16)}.bin`;
	const draft = {
		schemaVersion: 1,
		version,
		created: new Date('2026-01-01T00:00:00Z').toISOString(),
		featurizerVersion: FEATURIZER_VERSION,
		architecture: 'test-conv',
		...modelSignature(),
		labels: { '0': 'compliant', '1': 'non-compliant' },
		threshold: 0.5,
		// Random review-head weights say nothing: only low confidence flags these verdicts.
		review: { minConfidence: 0.6, maxUnknownShare: 0.5, undecidableThreshold: 1 },
		files: {
			model: { path: `${version}/model.onnx`, bytes: model.byteLength, sha256: sha256(model) },
			vocabulary: { path: vocabPath, bytes: vocabulary.byteLength, sha256: sha256(vocabulary) }
		},
		metrics: { accuracy: 0.5, f1: 0.5 },
		referenceDistribution: { edges: [0, 0.5, 1], proportions: [0.5, 0.5], count: 2 },
		golden: [{ text: 'placeholder', label: 0 as const, probability: 0.5 }],
		lineage: {
			dataHash: 'test',
			dataSource: 'tests/e2e',
			trainingConfig: {},
			gitCommit: null,
			parity: { samples: 0, maxAbsDiffNode: 0, maxAbsDiffWeb: 0, labelChanges: 0 }
		}
	};
	const ort = await loadRuntime('node');
	const session = await ort.InferenceSession.create(model);
	const classifier = new Classifier({
		manifest: parseManifest(draft),
		vocabulary: Vocabulary.decode(vocabulary),
		session,
		Tensor: ort.Tensor
	});
	const verdicts = await classifier.classify(descriptions(40, modelSeed));
	const texts = descriptions(40, modelSeed);
	const golden = verdicts
		.map((v, i) => ({ text: texts[i], label: v.label, probability: v.probability }))
		.filter((g) => Math.abs(g.probability - 0.5) > 0.02)
		.slice(0, 6);
	if (golden.length < 3) throw new Error(`test bundle ${version}: too few golden examples away from the threshold`);
	const manifest = parseManifest({ ...draft, golden });
	const key = signingKey === undefined ? await loadSigningKey({}) : signingKey;
	return {
		version,
		manifest,
		signature: key ? signManifest(manifest, key) : null,
		files: new Map([
			[manifest.files.model.path, model],
			[manifest.files.vocabulary.path, vocabulary]
		])
	};
}

export interface ServedModels {
	/** Paths (relative to /models) the browser fetched, in order. */
	requests: string[];
	set(champion: TestBundle, challenger?: TestBundle | null): void;
	/** Serve different bytes for a path (tampering). */
	override(path: string, bytes: Uint8Array): void;
	/** Serve other JSON for a manifest or signature path; null answers 404. */
	overrideJson(path: string, json: unknown): void;
	/** Fail every /models request like a dead network (routes still run under setOffline). */
	offline: boolean;
}

/** Answer /models/* from in-memory bundles instead of the server. */
export async function serveBundles(
	context: BrowserContext,
	champion: TestBundle,
	challenger: TestBundle | null = null
): Promise<ServedModels> {
	const files = new Map<string, Uint8Array>();
	const manifests = new Map<string, unknown>();
	const jsonOverrides = new Map<string, unknown>();
	let pointer = { champion: null as unknown, challenger: null as unknown };
	const served: ServedModels = {
		requests: [],
		offline: false,
		set(c, ch = null) {
			for (const b of [c, ch]) {
				if (!b) continue;
				for (const [p, bytes] of b.files) if (!files.has(p)) files.set(p, bytes);
				manifests.set(`${b.version}/manifest.json`, b.manifest);
				if (b.signature) manifests.set(`${b.version}/signature.json`, b.signature);
			}
			const entry = (b: TestBundle | null) => (b ? { version: b.version, manifest: `/models/${b.version}/manifest.json` } : null);
			pointer = { champion: entry(c), challenger: entry(ch) };
		},
		override(path, bytes) {
			files.set(path, bytes);
		},
		overrideJson(path, json) {
			jsonOverrides.set(path, json);
		}
	};
	served.set(champion, challenger);
	await context.route('**/models/**', async (route: Route) => {
		const path = new URL(route.request().url()).pathname.replace(/^\/models\//, '');
		served.requests.push(path);
		if (served.offline) return route.abort('internetdisconnected');
		const headers = { 'cross-origin-resource-policy': 'same-origin', 'cache-control': 'no-cache' };
		if (path === 'manifest.json') return route.fulfill({ json: pointer, headers });
		const json = jsonOverrides.has(path) ? jsonOverrides.get(path) : manifests.get(path);
		if (json) return route.fulfill({ json, headers });
		if (jsonOverrides.has(path)) return route.fulfill({ status: 404, body: 'not found', headers });
		const bytes = files.get(path);
		if (bytes) return route.fulfill({ body: Buffer.from(bytes), contentType: 'application/octet-stream', headers });
		return route.fulfill({ status: 404, body: 'not found', headers });
	});
	return served;
}
