/**
 * POST /api/admin/models/rollback {reason} (admin): the previous champion again, in one
 * step; 200 {champion}, 409 when there is no earlier champion, 400 without a reason.
 */
import { error, type RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { readJson } from '#lib/server/http/read-json.ts';
import { adminRollback } from '#lib/registry/admin-actions.ts';

export const POST: RequestHandler = async (event) => {
	const user = requireRole(event, ['admin']);
	const body = (await readJson(event.request, 16 * 1024)) as { reason?: unknown } | null;
	const ctx = await serverContext();
	try {
		return Response.json({ champion: await adminRollback(ctx.config.modelsDir, user.username, body ?? {}) });
	} catch (e) {
		const code = (e as { code?: string }).code;
		if (code === 'PROMOTION_INVALID') error(400, (e as Error).message);
		if (code === 'REGISTRY_CONFLICT') error(409, (e as Error).message);
		throw e;
	}
};
