/**
 * Load a registered bundle from the models directory in Node (batch CLI, HTTP service):
 * registry -> manifest -> verified files -> onnxruntime-node session -> self-test.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseManifest, type Manifest } from '../bundle/manifest.ts';
import { parseRegistry } from '../bundle/registry.ts';
import { verifyBundleFile } from '../bundle/integrity.ts';
import { Vocabulary } from '../text/vocabulary.ts';
import { Classifier } from './classifier.ts';
import { InferenceError } from './errors.ts';
import { loadRuntime } from './ort.ts';

export const DEFAULT_MODELS_DIR = path.resolve(import.meta.dirname, '../../../models');

async function readJson(file: string, what: string): Promise<unknown> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (cause) {
		throw new InferenceError('MODEL_LOAD', `Cannot read ${what} at ${file}: ${(cause as Error).message}`, { cause });
	}
	try {
		return JSON.parse(text);
	} catch (cause) {
		throw new InferenceError('MODEL_LOAD', `${what} at ${file} is not valid JSON: ${(cause as Error).message}`, { cause });
	}
}

/** `version` may be a version id or an alias ("champion", "challenger"). */
export async function resolveVersion(modelsDir: string, version = 'champion'): Promise<string> {
	const registry = parseRegistry(await readJson(path.join(modelsDir, 'registry.json'), 'the model registry'), 'models/registry.json');
	if (version === 'champion' || version === 'challenger') {
		const v = registry.aliases[version];
		if (!v) throw new InferenceError('MODEL_LOAD', `The registry in ${modelsDir} has no ${version}. Train one with \`npm run train\`.`);
		return v;
	}
	if (!registry.versions.some((e) => e.version === version)) {
		const known = registry.versions.map((e) => e.version).join(', ') || 'none';
		throw new InferenceError('MODEL_LOAD', `Model version "${version}" is not in the registry. Registered versions: ${known}.`);
	}
	return version;
}

export async function readManifest(modelsDir: string, version: string): Promise<Manifest> {
	return parseManifest(
		await readJson(path.join(modelsDir, version, 'manifest.json'), `the manifest of ${version}`),
		`models/${version}/manifest.json`
	);
}

/**
 * Load one bundle by folder (sha256 checks, featurizer check, self-test), without the
 * registry: the release pipeline judges a freshly trained candidate before registering it.
 */
export async function loadBundleClassifier(modelsDir: string, version: string, options: { threads?: number } = {}): Promise<Classifier> {
	const manifest = await readManifest(modelsDir, version);
	const [modelBytes, vocabBytes] = await Promise.all(
		[manifest.files.model, manifest.files.vocabulary].map(async (f) => {
			const bytes = new Uint8Array(await readFile(path.join(modelsDir, f.path)));
			await verifyBundleFile(bytes, f);
			return bytes;
		})
	);
	const ort = await loadRuntime('node');
	const session = await ort.InferenceSession.create(modelBytes, {
		intraOpNumThreads: options.threads ?? 1,
		interOpNumThreads: 1
	});
	const classifier = new Classifier({ manifest, vocabulary: Vocabulary.decode(vocabBytes), session, Tensor: ort.Tensor });
	await classifier.selfTest();
	return classifier;
}

/** Load a registered version or alias (default: the champion). */
export async function loadNodeClassifier(options: { modelsDir?: string; version?: string; threads?: number } = {}): Promise<Classifier> {
	const modelsDir = options.modelsDir ?? DEFAULT_MODELS_DIR;
	const version = await resolveVersion(modelsDir, options.version);
	return loadBundleClassifier(modelsDir, version, { threads: options.threads });
}
