/**
 * The review API's request handling, apart from the routes so that it is tested on both
 * database engines without a server: roles, query and body validation, JSON errors.
 * Routes: src/routes/api/review/+server.ts and [id]/+server.ts; contract in contract.ts.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { requireRole } from '../auth/guard.ts';
import { readJson } from '../http/read-json.ts';
import type { TokenContribution } from '../../inference/types.ts';
import { decisionSchema, listQuerySchema, REVIEW_ROLES, type ReviewItem } from './contract.ts';
import { decide, decidedItems, pendingItems } from './store.ts';

const MAX_BODY_BYTES = 16 * 1024;

/** The champion's explanation of a text (the model service), or null when no model is loaded. */
export type Explainer = { version: string; explain(text: string): Promise<{ tokens: TokenContribution[] }> } | null;

export interface ReviewDeps {
	db: Kysely<Database>;
	auditRate: number;
	explainer?: () => Explainer;
}

function firstIssue(issues: { path: PropertyKey[]; message: string }[]): string {
	const issue = issues[0];
	return `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`;
}

async function addExplanations(items: ReviewItem[], explainer: Explainer): Promise<void> {
	if (!explainer) return;
	for (const item of items) {
		try {
			item.tokens = (await explainer.explain(item.description)).tokens;
			item.explainedBy = explainer.version;
		} catch (e) {
			console.warn(`review: no explanation for ${item.id}: ${(e as Error).message}`);
		}
	}
}

export async function listReviewItems(event: Pick<RequestEvent, 'locals' | 'url'>, deps: ReviewDeps): Promise<{ items: ReviewItem[] }> {
	requireRole(event, REVIEW_ROLES);
	const query = listQuerySchema.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) error(400, firstIssue(query.error.issues));
	const { status, limit, explain } = query.data;
	const options = { auditRate: deps.auditRate, limit };
	const items = status === 'pending' ? await pendingItems(deps.db, options) : await decidedItems(deps.db, options);
	if (explain === '1' || explain === 'true') await addExplanations(items, deps.explainer?.() ?? null);
	return { items };
}

export async function decideReviewItem(
	event: Pick<RequestEvent, 'locals' | 'params' | 'request'>,
	deps: ReviewDeps
): Promise<{ item: ReviewItem }> {
	const user = requireRole(event, REVIEW_ROLES);
	const id = (event.params as { id?: string }).id ?? '';
	const body = decisionSchema.safeParse(await readJson(event.request, MAX_BODY_BYTES));
	if (!body.success) error(400, firstIssue(body.error.issues));
	try {
		return { item: await decide(deps.db, id, body.data, user.username, { auditRate: deps.auditRate }) };
	} catch (e) {
		const code = (e as { code?: string }).code;
		if (code === 'REVIEW_ITEM_NOT_FOUND') error(404, (e as Error).message);
		if (code === 'REVIEW_LABEL_CONFLICT') error(400, (e as Error).message);
		throw e;
	}
}
