/**
 * GET /api/monitoring/summary?from=ISO&to=ISO&model=VERSION (analyst, admin)
 * -> MonitoringSummary (src/lib/server/monitoring/types.ts) with `realized` and `estimated`
 *    (src/lib/server/monitoring/realized-store.ts); 400 for a bad range.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { requestRange } from '#lib/server/monitoring/range.ts';
import { monitoringSummary } from '#lib/server/monitoring/service.ts';
import { performanceSummary } from '#lib/server/monitoring/realized-store.ts';

export const GET: RequestHandler = async (event) => {
	requireRole(event, ['analyst', 'admin']);
	const range = requestRange(event.url.searchParams);
	const ctx = await serverContext();
	const summary = await monitoringSummary(ctx.database.db, ctx.config.modelsDir, range, ctx.config.telemetryRawRetentionDays);
	// Reviewed labels (realized) and the CBPE estimate: src/lib/server/monitoring/realized.ts.
	const performance = await performanceSummary(ctx.database.db, {
		model: range.model,
		accuracyAlert: ctx.config.realizedAccuracyAlert,
		period: { from: summary.from, to: summary.to }
	});
	return Response.json(
		{
			...summary,
			realized: performance.realized,
			estimated: performance.estimated,
			realizedAccuracyAlert: ctx.config.realizedAccuracyAlert,
			alerts: [...summary.alerts, ...performance.alerts]
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
};
