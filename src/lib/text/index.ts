export { tokenize, MAX_INPUT_CHARS, type RawToken, type TokenKind } from './tokenize.ts';
export { findYears, YEAR_FEATURES, MIN_YEAR, MAX_YEAR } from './years.ts';
export { Vocabulary, VocabularyFormatError, encodeVocabulary, quantizeRow, editDistance } from './vocabulary.ts';
export {
	analyze,
	encode,
	featurize,
	FEATURIZER_VERSION,
	EMBEDDING_DIM,
	EXTRA_FEATURES,
	FEATURE_DIM,
	MAX_TOKENS,
	type Token,
	type AnalyzedText,
	type EncodedBatch,
	type EncodeOptions
} from './featurize.ts';
