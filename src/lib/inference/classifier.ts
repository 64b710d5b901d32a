/**
 * The classifier core: featurizer + ONNX session + manifest -> verdicts.
 *
 * Runtime-agnostic: it receives an onnxruntime session and Tensor constructor from
 * `ort.ts` (onnxruntime-node in the CLI and server, onnxruntime-web in the worker), so
 * every front end produces the same numbers from the same code.
 */
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-common';
import { analyze, encode, FEATURIZER_VERSION, FEATURE_DIM, type AnalyzedText } from '../text/featurize.ts';
import type { Vocabulary } from '../text/vocabulary.ts';
import type { Manifest } from '../bundle/manifest.ts';
import {
	INPUT_FEATURES,
	INPUT_MASK,
	OUTPUT_PROBABILITY,
	OUTPUT_REVIEW,
	REVIEW_REASON_TEXT,
	REVIEW_SIGNALS
} from '../bundle/model-contract.ts';
import { reviewReasonCodes } from './review-policy.ts';
import { InferenceError, type SerializedInferenceError } from './errors.ts';
import type { Classification, Explanation, Label } from './types.ts';

/** Longest description accepted (a description is a sentence or two; the API documents this limit). */
export const MAX_DESCRIPTION_CHARS = 2000;
/** Texts per ONNX run: bounds memory for bulk work while keeping runs large enough to be efficient. */
export const RUN_BATCH = 256;
/** Golden examples must reproduce within this tolerance after loading. */
export const SELF_TEST_TOLERANCE = 1e-4;

type TensorConstructor = new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;

export interface ClassifierParts {
	manifest: Manifest;
	vocabulary: Vocabulary;
	session: Pick<InferenceSession, 'run'>;
	Tensor: TensorConstructor;
}

/** Why a text cannot be classified, or null when it can. */
export function checkText(text: unknown): SerializedInferenceError | null {
	if (typeof text !== 'string' || text.trim() === '')
		return { code: 'EMPTY_TEXT', message: 'The description is empty: type what the component is, its material, condition and year.' };
	if (text.length > MAX_DESCRIPTION_CHARS)
		return {
			code: 'TEXT_TOO_LONG',
			message: `The description has ${text.length} characters; the limit is ${MAX_DESCRIPTION_CHARS}. Shorten it to the component's material, condition and year.`
		};
	return null;
}

export function assertSupported(manifest: Manifest): void {
	if (manifest.featurizerVersion !== FEATURIZER_VERSION) {
		throw new InferenceError(
			'UNSUPPORTED_BUNDLE',
			`Model ${manifest.version} needs featurizer ${manifest.featurizerVersion}, this app has ${FEATURIZER_VERSION}. Update the app before switching to this model.`
		);
	}
	const features = manifest.inputs.find((i) => i.name === INPUT_FEATURES);
	const review = manifest.outputs.find((o) => o.name === OUTPUT_REVIEW);
	if (
		!features ||
		features.shape[2] !== FEATURE_DIM ||
		!manifest.inputs.some((i) => i.name === INPUT_MASK) ||
		!manifest.outputs.some((o) => o.name === OUTPUT_PROBABILITY) ||
		(review && review.shape[1] !== REVIEW_SIGNALS.length)
	) {
		throw new InferenceError(
			'UNSUPPORTED_BUNDLE',
			`Model ${manifest.version} does not match this app's model contract (inputs features [batch, tokens, ${FEATURE_DIM}] and mask, outputs probability and review [batch, ${REVIEW_SIGNALS.length}]).`
		);
	}
}

/** The model's outputs for a batch: P(non-compliant) per text, review signals per text (or null: an older bundle). */
export interface Scores {
	probability: Float32Array;
	review: Float32Array | null;
}

const R = REVIEW_SIGNALS.length;

export class Classifier {
	readonly manifest: Manifest;
	readonly #vocab: Vocabulary;
	readonly #session: ClassifierParts['session'];
	readonly #Tensor: TensorConstructor;
	readonly #hasReview: boolean;

	constructor(parts: ClassifierParts) {
		assertSupported(parts.manifest);
		this.manifest = parts.manifest;
		this.#vocab = parts.vocabulary;
		this.#session = parts.session;
		this.#Tensor = parts.Tensor;
		this.#hasReview = parts.manifest.outputs.some((o) => o.name === OUTPUT_REVIEW);
	}

	get version(): string {
		return this.manifest.version;
	}

	analyze(text: string): AnalyzedText {
		return analyze(text, this.#vocab);
	}

	/** Both model outputs for already analyzed texts, RUN_BATCH at a time. */
	async scores(texts: readonly AnalyzedText[], occlude?: ReadonlyArray<ReadonlySet<number> | undefined>): Promise<Scores> {
		const out: Scores = { probability: new Float32Array(texts.length), review: this.#hasReview ? new Float32Array(texts.length * R) : null };
		for (let from = 0; from < texts.length; from += RUN_BATCH) {
			const chunk = texts.slice(from, from + RUN_BATCH);
			const encoded = encode(chunk, this.#vocab, { occlude: occlude?.slice(from, from + RUN_BATCH) });
			const feeds = {
				[INPUT_FEATURES]: new this.#Tensor('float32', encoded.features, [encoded.batch, encoded.length, encoded.dim]),
				[INPUT_MASK]: new this.#Tensor('float32', encoded.mask, [encoded.batch, encoded.length])
			};
			const result = await this.#session.run(feeds);
			out.probability.set((result[OUTPUT_PROBABILITY].data as Float32Array).subarray(0, chunk.length), from);
			if (out.review) out.review.set((result[OUTPUT_REVIEW].data as Float32Array).subarray(0, chunk.length * R), from * R);
		}
		return out;
	}

	/** P(non-compliant) for already analyzed texts. */
	async probabilities(texts: readonly AnalyzedText[], occlude?: ReadonlyArray<ReadonlySet<number> | undefined>): Promise<Float32Array> {
		return (await this.scores(texts, occlude)).probability;
	}

	/** The verdict for one text from its scores (`signals`: its REVIEW_SIGNALS values, if the model has them). */
	verdict(text: AnalyzedText, probability: number, signals?: ArrayLike<number> | null): Classification {
		const { threshold, review } = this.manifest;
		const label: Label = probability >= threshold ? 1 : 0;
		const confidence = Math.max(probability, 1 - probability);
		const reviewReasons = reviewReasonCodes(text, probability, signals, review).map((c) => REVIEW_REASON_TEXT[c]);
		return {
			label,
			probability,
			confidence,
			needsReview: reviewReasons.length > 0,
			reviewReasons,
			model: this.manifest.version,
			tokenCount: text.tokens.length,
			oovCount: text.oovCount,
			truncated: text.truncated
		};
	}

	/** Classify valid descriptions (see checkText); throws InferenceError on an invalid one. */
	async classify(texts: readonly string[]): Promise<Classification[]> {
		for (const t of texts) {
			const problem = checkText(t);
			if (problem) throw new InferenceError(problem.code, problem.message);
		}
		const analyzed = texts.map((t) => this.analyze(t));
		const s = await this.scores(analyzed);
		return analyzed.map((a, i) => this.verdict(a, s.probability[i], s.review?.subarray(i * R, (i + 1) * R)));
	}

	/** Occlusion: each token's contribution is P(full text) - P(text with that token hidden). */
	async explain(text: string): Promise<Explanation> {
		const problem = checkText(text);
		if (problem) throw new InferenceError(problem.code, problem.message);
		const analyzed = this.analyze(text);
		const n = analyzed.tokens.length;
		const batch = Array.from({ length: n + 1 }, () => analyzed);
		const occlude = [undefined, ...analyzed.tokens.map((_, i) => new Set([i]))];
		const s = await this.scores(batch, occlude);
		const p = s.probability;
		return {
			...this.verdict(analyzed, p[0], s.review?.subarray(0, R)),
			tokens: analyzed.tokens.map((t, i) => {
				const c = { text: t.text, start: t.start, end: t.end, kind: t.kind, contribution: p[0] - p[i + 1] };
				return t.correctedTo ? { ...c, correctedTo: t.correctedTo } : c;
			})
		};
	}

	/** Run the manifest's golden examples; throws SELF_TEST_FAILED on any difference. */
	async selfTest(): Promise<{ examples: number; maxAbsDiff: number }> {
		const golden = this.manifest.golden;
		const s = await this.scores(golden.map((g) => this.analyze(g.text)));
		const p = s.probability;
		let maxAbsDiff = 0;
		golden.forEach((g, i) => {
			let diff = Math.abs(p[i] - g.probability);
			if (g.review && s.review) g.review.forEach((v, k) => (diff = Math.max(diff, Math.abs(v - s.review![i * R + k]))));
			maxAbsDiff = Math.max(maxAbsDiff, diff);
			const label = p[i] >= this.manifest.threshold ? 1 : 0;
			if (label !== g.label || !(diff <= SELF_TEST_TOLERANCE)) {
				throw new InferenceError(
					'SELF_TEST_FAILED',
					`Model ${this.manifest.version} failed its self-test on "${g.text}": expected label ${g.label} (p=${g.probability.toFixed(6)}), got ${label} (p=${p[i].toFixed(6)}). The model file does not match its manifest; it was not activated.`
				);
			}
		});
		return { examples: golden.length, maxAbsDiff };
	}
}
