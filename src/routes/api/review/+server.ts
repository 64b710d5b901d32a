/**
 * GET /api/review?status=pending|decided[&limit=N][&explain=1]   (analyst, admin)
 * -> 200 {items: [{id, description, label, probability, modelVersion, needsReview, override, reason, review, source, ...}]}
 * -> 400 {message} bad query; 401 / 403. Contract: src/lib/server/review/contract.ts.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { listReviewItems } from '#lib/server/review/http.ts';
import { reviewDeps } from './deps.ts';

export const GET: RequestHandler = async (event) =>
	Response.json(await listReviewItems(event, await reviewDeps()), { headers: { 'cache-control': 'no-store' } });
