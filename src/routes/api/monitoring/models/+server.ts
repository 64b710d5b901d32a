/**
 * GET /api/monitoring/models (analyst, admin) -> { versions, aliases }: the registry's
 * model versions and champion/challenger pointers, for the monitoring page's model filter.
 * An unreadable registry (never read since start) gives empty lists, not a 500.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { lastGoodRegistry } from '#lib/server/models/last-good-registry.ts';

export const GET: RequestHandler = async (event) => {
	requireRole(event, ['analyst', 'admin']);
	const ctx = await serverContext();
	const { registry } = await lastGoodRegistry(ctx.config.modelsDir);
	return Response.json(
		{ versions: registry?.versions.map((v) => v.version) ?? [], aliases: registry?.aliases ?? { champion: null, challenger: null } },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
