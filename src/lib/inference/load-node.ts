/**
 * Load a registered bundle from the models directory in Node (batch CLI, HTTP service):
 * registry -> signed manifest (src/lib/registry/signing.ts) -> verified files ->
 * onnxruntime-node session -> self-test. Every load checks everything again: a bundle
 * changed on disk is refused at its next load, not served.
 */
import type { TrustedKeys } from '../bundle/signature.ts';
import { DEFAULT_MODELS_DIR } from '../registry/models-dir.ts';
import { resolveVersion } from '../registry/resolve.ts';
import { nodeTrustedKeys, readSignedManifest, readVerifiedFile } from '../registry/signing.ts';
import { Vocabulary } from '../text/vocabulary.ts';
import { Classifier } from './classifier.ts';
import { loadRuntime } from './ort.ts';

export interface NodeLoadOptions {
	threads?: number;
	/** Default: the keys of this environment (TRUSTED_MODEL_KEYS, NODE_ENV; trusted-keys.ts). */
	trustedKeys?: TrustedKeys;
}

/**
 * Load one bundle by folder (signature, sha256 checks, featurizer check, self-test),
 * without the registry: the release pipeline judges a freshly trained and signed
 * candidate before registering it.
 */
export async function loadBundleClassifier(modelsDir: string, version: string, options: NodeLoadOptions = {}): Promise<Classifier> {
	const { manifest } = await readSignedManifest(modelsDir, version, options.trustedKeys ?? nodeTrustedKeys());
	const [modelBytes, vocabBytes] = await Promise.all(
		[manifest.files.model, manifest.files.vocabulary].map((f) => readVerifiedFile(modelsDir, f))
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
export async function loadNodeClassifier(options: NodeLoadOptions & { modelsDir?: string; version?: string } = {}): Promise<Classifier> {
	const modelsDir = options.modelsDir ?? DEFAULT_MODELS_DIR;
	const version = await resolveVersion(modelsDir, options.version);
	return loadBundleClassifier(modelsDir, version, options);
}
