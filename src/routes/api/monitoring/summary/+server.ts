/**
 * GET /api/monitoring/summary?from=ISO&to=ISO&model=VERSION (analyst, admin)
 * -> MonitoringSummary (src/lib/server/monitoring/types.ts); 400 for a bad range.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { requestRange } from '#lib/server/monitoring/range.ts';
import { monitoringSummary } from '#lib/server/monitoring/service.ts';

export const GET: RequestHandler = async (event) => {
	requireRole(event, ['analyst', 'admin']);
	const range = requestRange(event.url.searchParams);
	const ctx = await serverContext();
	return Response.json(await monitoringSummary(ctx.database.db, ctx.config.modelsDir, range, ctx.config.telemetryRawRetentionDays), {
		headers: { 'cache-control': 'no-store' }
	});
};
