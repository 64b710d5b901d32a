/**
 * The featurizer: description -> model input. Training, the batch CLI, the server and
 * the browser worker all import this module; there is no other copy.
 *
 * Model input (see docs in README "Model contract"):
 *   features float32 [batch, tokens, FEATURE_DIM]  GloVe row (int8, dequantized) + extras
 *   mask     float32 [batch, tokens]               1 for a real token, 0 for padding
 * The model multiplies its post-ReLU convolution by the mask before max-pooling, so
 * padding never changes a prediction and any batch shape gives the same numbers.
 */
import { tokenize, type RawToken, type TokenKind } from './tokenize.ts';
import { findYears, shortYearCandidate, writeYearFeatures, YEAR_FEATURES } from './years.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Bump when the model input changes meaning; bundles record the version they were trained with. */
export const FEATURIZER_VERSION = '2';
export const EMBEDDING_DIM = 100;
/**
 * Per-token extras after the embedding: year features, a two-digit-year-candidate flag,
 * other-number flag, unknown-word flag, and a flag for a year-like number (1900-2099) that
 * the context made an identifier or quantity ("batch 1987-44A", "1990 mm"). The total,
 * FEATURE_DIM, is kept even: onnxruntime-web's WebGPU convolution computed wrong numbers
 * for an odd channel count (135) in Chromium's SwiftShader adapter, where 134 and 136 match
 * onnxruntime-node (tests/e2e/inference-webgpu.spec.ts).
 */
export const EXTRA_FEATURES = YEAR_FEATURES + 4;
export const FEATURE_DIM = EMBEDDING_DIM + EXTRA_FEATURES;
/** Tokens past this are dropped (and reported as truncated). */
export const MAX_TOKENS = 256;

const SHORT_YEAR = EMBEDDING_DIM + YEAR_FEATURES;
const OTHER_NUMBER = SHORT_YEAR + 1;
const UNKNOWN_WORD = OTHER_NUMBER + 1;
const YEAR_LIKE_ID = UNKNOWN_WORD + 1;

export interface Token {
	text: string;
	start: number;
	end: number;
	kind: TokenKind | 'year';
	/** Vocabulary row used, or -1 when the token has no embedding (numbers, unknown words). */
	vocabIndex: number;
	/** The vocabulary word used when it differs from the token (typo correction). */
	correctedTo?: string;
	year?: number;
	/** A bare two-digit number read as this year if the context makes it one ("built 94"). */
	shortYear?: number;
}

export interface AnalyzedText {
	tokens: Token[];
	/** Word and code tokens with no vocabulary row, even after typo correction. */
	oovCount: number;
	truncated: boolean;
}

function lookup(raw: RawToken, vocab: Vocabulary): { index: number; correctedTo?: string } {
	if (raw.kind === 'number') return { index: -1 };
	const exact = vocab.indexOf(raw.norm);
	if (exact !== -1) return { index: exact };
	const plain = raw.norm.normalize('NFD').replace(/\p{M}/gu, '');
	if (plain !== raw.norm) {
		const i = vocab.indexOf(plain);
		if (i !== -1) return { index: i, correctedTo: plain };
	}
	if (raw.kind !== 'word') return { index: -1 };
	const close = vocab.closestWord(plain);
	return close === -1 ? { index: -1 } : { index: close, correctedTo: vocab.words[close] };
}

export function analyze(text: string, vocab: Vocabulary): AnalyzedText {
	const raw = tokenize(text);
	const truncated = raw.length > MAX_TOKENS;
	const kept = truncated ? raw.slice(0, MAX_TOKENS) : raw;
	const years = findYears(kept, text);
	let oovCount = 0;
	const tokens = kept.map((r, i): Token => {
		const year = years.get(i);
		if (year !== undefined) return { text: r.text, start: r.start, end: r.end, kind: 'year', vocabIndex: -1, year };
		const { index, correctedTo } = lookup(r, vocab);
		if (index === -1 && r.kind !== 'number') oovCount++;
		const token: Token = { text: r.text, start: r.start, end: r.end, kind: r.kind, vocabIndex: index };
		if (correctedTo !== undefined) token.correctedTo = correctedTo;
		const shortYear = r.kind === 'number' ? shortYearCandidate(r, text) : null;
		if (shortYear !== null) token.shortYear = shortYear;
		return token;
	});
	return { tokens, oovCount, truncated };
}

export interface EncodedBatch {
	features: Float32Array;
	mask: Float32Array;
	batch: number;
	/** Padded token count (at least 1, so an empty description still has a valid shape). */
	length: number;
	dim: number;
}

export interface EncodeOptions {
	/** Pad to this many tokens instead of the longest text in the batch (training uses a fixed length). */
	length?: number;
	/** Per text, token positions to leave out (occlusion explanations). */
	occlude?: ReadonlyArray<ReadonlySet<number> | undefined>;
}

export function encode(texts: readonly AnalyzedText[], vocab: Vocabulary, options: EncodeOptions = {}): EncodedBatch {
	if (vocab.dimensions !== EMBEDDING_DIM) {
		throw new Error(`Vocabulary has ${vocab.dimensions} dimensions; featurizer ${FEATURIZER_VERSION} needs ${EMBEDDING_DIM}`);
	}
	const longest = texts.reduce((m, t) => Math.max(m, t.tokens.length), 0);
	const length = Math.max(1, options.length ?? longest);
	const features = new Float32Array(texts.length * length * FEATURE_DIM);
	const mask = new Float32Array(texts.length * length);
	texts.forEach((text, b) => {
		const hidden = options.occlude?.[b];
		const count = Math.min(text.tokens.length, length);
		for (let t = 0; t < count; t++) {
			if (hidden?.has(t)) continue;
			const token = text.tokens[t];
			const offset = (b * length + t) * FEATURE_DIM;
			mask[b * length + t] = 1;
			if (token.vocabIndex !== -1) vocab.writeVector(token.vocabIndex, features, offset);
			if (token.kind === 'year') writeYearFeatures(token.year ?? null, features, offset + EMBEDDING_DIM);
			else if (token.shortYear !== undefined) {
				writeYearFeatures(token.shortYear, features, offset + EMBEDDING_DIM);
				features[offset + EMBEDDING_DIM] = 0; // not a certain year: the flag below says "maybe"
				features[offset + SHORT_YEAR] = 1;
			} else if (token.kind === 'number') {
				features[offset + OTHER_NUMBER] = 1;
				if (/^(19|20)\d\d$/.test(token.text)) features[offset + YEAR_LIKE_ID] = 1;
			} else if (token.vocabIndex === -1) features[offset + UNKNOWN_WORD] = 1;
		}
	});
	return { features, mask, batch: texts.length, length, dim: FEATURE_DIM };
}

/** Convenience: analyze and encode in one call. */
export function featurize(texts: readonly string[], vocab: Vocabulary, options: EncodeOptions = {}) {
	const analyzed = texts.map((t) => analyze(t, vocab));
	return { analyzed, ...encode(analyzed, vocab, options) };
}
