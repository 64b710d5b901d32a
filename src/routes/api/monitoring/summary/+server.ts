/**
 * GET /api/monitoring/summary?from=ISO&to=ISO&model=VERSION (analyst, admin)
 * -> MonitoringSummary (src/lib/server/monitoring/types.ts); 400 for a bad range.
 */
import { error, type RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { parseRange, MonitoringRangeError } from '#lib/server/monitoring/range.ts';
import { monitoringSummary } from '#lib/server/monitoring/service.ts';

export const GET: RequestHandler = async (event) => {
	requireRole(event, ['analyst', 'admin']);
	let range;
	try {
		range = parseRange(event.url.searchParams);
	} catch (e) {
		if (e instanceof MonitoringRangeError) error(400, e.message);
		throw e;
	}
	const ctx = await serverContext();
	return Response.json(await monitoringSummary(ctx.database.db, ctx.config.modelsDir, range), { headers: { 'cache-control': 'no-store' } });
};
