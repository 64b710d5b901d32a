/**
 * POST /api/review/{id}  {decision: "confirm"|"correct"|"reject", label?: 0|1, note?: string}   (analyst, admin)
 * -> 200 {item} with its review (who, when, model version); devices pull it at their next sync
 * -> 400 {message} bad body or a label that contradicts the decision; 404 unknown item; 401 / 403.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { decideReviewItem } from '#lib/server/review/http.ts';
import { reviewDeps } from '../deps.ts';

export const POST: RequestHandler = async (event) => Response.json(await decideReviewItem(event, await reviewDeps()));
