/**
 * GET /api/rescan/latest (analyst, admin) -> the server's most recent re-scan of the synced
 * inventory: {model, regulation, startedAt, finishedAt, total, changed: [{id, from, to}]}
 * (finishedAt null while it runs; `changed` lists the records classified so far whose
 * label differs). 404 before the first re-scan.
 */
import { error, type RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { latestReport } from '#lib/server/rescan/store.ts';

export const GET: RequestHandler = async (event) => {
	requireRole(event, ['analyst', 'admin']);
	const report = await latestReport((await serverContext()).database.db);
	if (!report) error(404, 'No re-scan has run yet: the server re-scans the inventory once a champion model is loaded.');
	return Response.json(report, { headers: { 'cache-control': 'no-store' } });
};
