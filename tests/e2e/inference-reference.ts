/**
 * Reference predictions computed in the test process with onnxruntime-node: the same
 * classifier code and runtime the batch CLI (`npm run classify`) uses.
 */
import { Classifier } from '../../src/lib/inference/classifier.ts';
import { loadRuntime } from '../../src/lib/inference/ort.ts';
import { Vocabulary } from '../../src/lib/text/vocabulary.ts';
import type { TestBundle } from './inference-bundles.ts';

/** Most |P(browser) - P(Node)| allowed for the same description. */
export const PARITY_TOLERANCE = 1e-4;

export async function nodeReference(bundle: TestBundle, texts: string[]): Promise<{ label: 0 | 1; probability: number }[]> {
	const ort = await loadRuntime('node');
	const { manifest, files } = bundle;
	const session = await ort.InferenceSession.create(files.get(manifest.files.model.path) as Uint8Array);
	const vocabulary = Vocabulary.decode(files.get(manifest.files.vocabulary.path) as Uint8Array);
	const classifier = new Classifier({ manifest, vocabulary, session, Tensor: ort.Tensor });
	return (await classifier.classify(texts)).map((v) => ({ label: v.label, probability: v.probability }));
}
