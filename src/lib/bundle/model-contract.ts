/**
 * The model contract: tensor names, shapes, label map and review signals shared by the
 * ONNX exporter (training), the classifier (CLI, server, browser worker) and the
 * manifest. One module, so the two sides cannot drift apart.
 *
 * Inputs   features float32 [batch, tokens, FEATURE_DIM]  (featurizer rows)
 *          mask     float32 [batch, tokens]               (1 = real token)
 * Outputs  probability float32 [batch, 1]                 P(non-compliant | decidable), calibrated
 *          review      float32 [batch, REVIEW_SIGNALS]    P(each review signal), independent sigmoids
 */
import { FEATURE_DIM, FEATURIZER_VERSION } from '../text/featurize.ts';

export { FEATURIZER_VERSION };

export const INPUT_FEATURES = 'features';
export const INPUT_MASK = 'mask';
export const OUTPUT_PROBABILITY = 'probability';
export const OUTPUT_REVIEW = 'review';

export const LABEL_NAMES = { '0': 'compliant', '1': 'non-compliant' } as const;

/**
 * What the review head estimates, in output order. `undecidable`: the text does not say
 * enough for a verdict; the others say which fact is missing, in plain words for people.
 */
export const REVIEW_SIGNALS = ['undecidable', 'no-year', 'no-material', 'no-condition'] as const;
export type ReviewSignal = (typeof REVIEW_SIGNALS)[number];

/** The reasons people read ("needs review: no manufacture year found"). */
export const REVIEW_REASON_TEXT = {
	undecidable: 'the description does not say enough to decide',
	'no-year': 'no manufacture year found',
	'no-material': 'material not stated or not recognised',
	'no-condition': 'condition not stated',
	'not-a-description': 'does not look like a component description',
	'low-confidence': 'the facts point both ways (low confidence)',
	'many-unknown-words': 'many words the model does not know',
	truncated: 'description was cut'
} as const;
export type ReviewReasonCode = keyof typeof REVIEW_REASON_TEXT;

/** Input/output description, as written into the manifest. */
export function modelSignature(dim = FEATURE_DIM) {
	return {
		inputs: [
			{ name: INPUT_FEATURES, dtype: 'float32' as const, shape: ['batch', 'tokens', dim] },
			{ name: INPUT_MASK, dtype: 'float32' as const, shape: ['batch', 'tokens'] }
		],
		outputs: [
			{ name: OUTPUT_PROBABILITY, dtype: 'float32' as const, shape: ['batch', 1] },
			{ name: OUTPUT_REVIEW, dtype: 'float32' as const, shape: ['batch', REVIEW_SIGNALS.length] }
		]
	};
}
