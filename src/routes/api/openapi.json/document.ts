/** The OpenAPI document served at /api/openapi.json: the API modules of src/lib/server/openapi/, with classify's enforced limits. */
import { version } from '$app/env';
import { classifyApi } from '#lib/server/openapi/classify.ts';
import { openApiDocument as assemble, OTHER_APIS } from '#lib/server/openapi/document.ts';
import { MAX_CLASSIFY_BODY_BYTES, MAX_DESCRIPTION_CHARS, MAX_EXPLAIN_TEXTS, MAX_TEXTS, TEXTS_PER_MINUTE } from '../classify/contract.ts';
import { EXPLAIN_CHARS_PER_MINUTE, EXPLAIN_REQUESTS_PER_KEY } from '../classify/explain-limits.ts';

const classify = classifyApi({
	maxTexts: MAX_TEXTS,
	maxExplainTexts: MAX_EXPLAIN_TEXTS,
	maxDescriptionChars: MAX_DESCRIPTION_CHARS,
	maxBodyBytes: MAX_CLASSIFY_BODY_BYTES,
	textsPerMinute: TEXTS_PER_MINUTE,
	explainCharsPerMinute: EXPLAIN_CHARS_PER_MINUTE,
	explainRequestsPerKey: EXPLAIN_REQUESTS_PER_KEY
});

export const openApiDocument = assemble(version, [classify, ...OTHER_APIS]);
