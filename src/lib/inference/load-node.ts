/**
 * Load a registered bundle from the models directory in Node (batch CLI, HTTP service):
 * registry -> manifest (src/lib/registry/) -> verified files -> onnxruntime-node
 * session -> self-test.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { verifyBundleFile } from '../bundle/integrity.ts';
import { DEFAULT_MODELS_DIR } from '../registry/models-dir.ts';
import { readManifest, resolveVersion } from '../registry/resolve.ts';
import { Vocabulary } from '../text/vocabulary.ts';
import { Classifier } from './classifier.ts';
import { loadRuntime } from './ort.ts';

/** @deprecated Import it from `#lib/registry/models-dir.ts`; kept for scripts/classify.ts. */

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
