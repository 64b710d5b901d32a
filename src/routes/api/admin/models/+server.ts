/**
 * GET /api/admin/models (admin) -> ModelsOverview (src/lib/registry/overview.ts): every
 * registered version with its metrics, signature and aliases, and the registry history.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { modelsOverview } from '#lib/registry/overview.ts';

export const GET: RequestHandler = async (event) => {
	requireRole(event, ['admin']);
	const ctx = await serverContext();
	return Response.json(await modelsOverview(ctx.config.modelsDir), { headers: { 'cache-control': 'no-store' } });
};
