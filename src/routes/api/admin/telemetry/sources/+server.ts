/** GET /api/admin/telemetry/sources -> {sources}: sessions that sent telemetry (user, counts, excluded), newest first. */
import type { RequestHandler } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { listSources } from '#lib/server/telemetry/exclusion.ts';
import { requireAdmin } from '../../http.ts';

export const GET: RequestHandler = async (event) => {
	requireAdmin(event);
	return Response.json({ sources: await listSources((await serverContext()).database.db) });
};
