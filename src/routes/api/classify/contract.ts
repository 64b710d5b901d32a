/**
 * The /api/classify contract: limits, request validation and response types. The
 * OpenAPI description (/api/openapi.json) is written from these constants.
 */
import { z } from 'zod';
import { checkText, MAX_DESCRIPTION_CHARS } from '#lib/inference/classifier.ts';
import type { TokenContribution } from '#lib/inference/types.ts';
import { config } from '#lib/server/config.ts';
import type { Role } from '#lib/server/db/schema.ts';

export { MAX_DESCRIPTION_CHARS };
/** Descriptions per request. */
export const MAX_TEXTS = 1000;
/** Descriptions per request with ?explain=1 (each costs one model run per token). */
export const MAX_EXPLAIN_TEXTS = 100;
/**
 * Request body limit. 1,000 descriptions of 2,000 characters are ~2 MB as ASCII and
 * up to 6 MB in other scripts (3 UTF-8 bytes per character); 8 MiB leaves room for JSON.
 * adapter-node's own BODY_SIZE_LIMIT must be at least this (server.js sets it).
 */
export const MAX_CLASSIFY_BODY_BYTES = 8 * 1024 * 1024;
/**
 * Who may classify: technicians (and the service accounts made for integrations, which
 * are technician accounts) and admins. Analysts work on anonymized telemetry only.
 */
export const CLASSIFY_ROLES: readonly Role[] = ['technician', 'admin'];

/** Descriptions per minute per API key (or per signed-in user): env CLASSIFY_TEXTS_PER_MINUTE, validated in config.ts. */
export const TEXTS_PER_MINUTE = config().classifyTextsPerMinute;

export const classifyRequestSchema = z.strictObject({
	texts: z.array(z.string(), { error: '"texts" must be an array of strings' }).min(1, 'Send at least one description in "texts".')
});

export interface ClassifyIssue {
	/** JSON path of the problem, e.g. "texts.3". */
	path: string;
	code: string;
	message: string;
}

export type ClassifyValidation = { ok: true; texts: string[] } | { ok: false; status: 400 | 413; message: string; issues: ClassifyIssue[] };

const MAX_ISSUES_LISTED = 20;

/** Validate a parsed JSON body: its shape (zod), the item count, then each description. */
export function validateClassifyRequest(body: unknown, explain: boolean): ClassifyValidation {
	const parsed = classifyRequestSchema.safeParse(body);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', code: 'INVALID_BODY', message: i.message }));
		return {
			ok: false,
			status: 400,
			message: `Send JSON {"texts": ["...", ...]}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
			issues
		};
	}
	const { texts } = parsed.data;
	const max = explain ? MAX_EXPLAIN_TEXTS : MAX_TEXTS;
	if (texts.length > max) {
		const message = `This request has ${texts.length} descriptions; the limit is ${max}${explain ? ' with ?explain=1' : ''}. Split it into smaller requests.`;
		return { ok: false, status: 413, message, issues: [{ path: 'texts', code: 'TOO_MANY_TEXTS', message }] };
	}
	const issues: ClassifyIssue[] = [];
	texts.forEach((text, i) => {
		const problem = checkText(text);
		if (problem) issues.push({ path: `texts.${i}`, code: problem.code, message: problem.message });
	});
	if (issues.length > 0) {
		const listed = issues.slice(0, MAX_ISSUES_LISTED);
		const more = issues.length > listed.length ? ` (and ${issues.length - listed.length} more)` : '';
		return {
			ok: false,
			status: 400,
			message: `${issues.length} description(s) cannot be classified: ${listed.map((i) => `${i.path}: ${i.code}`).join(', ')}${more}. Nothing was classified.`,
			issues: listed
		};
	}
	return { ok: true, texts };
}

export interface ClassifyResult {
	label: 0 | 1;
	/** P(non-compliant). */
	probability: number;
	needsReview: boolean;
	reviewReasons: string[];
	/** With ?explain=1: each token's contribution to P(non-compliant). */
	tokens?: TokenContribution[];
}

export interface ClassifyResponse {
	model: string;
	results: ClassifyResult[];
}
