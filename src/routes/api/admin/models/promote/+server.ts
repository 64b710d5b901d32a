/**
 * POST /api/admin/models/promote {version, reason} (admin): runs the release gate (the same
 * as `npm run models -- promote`); 200 {promoted: true, champion, previous, gate, recorded},
 * 409 {promoted: false, champion, gate} when the gate refuses, 400 for bad input.
 */
import { error, type RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { readJson } from '#lib/server/http/read-json.ts';
import { adminPromote } from '#lib/registry/admin-actions.ts';

export const POST: RequestHandler = async (event) => {
	const user = requireRole(event, ['admin']);
	const body = (await readJson(event.request, 16 * 1024)) as { version?: unknown; reason?: unknown } | null;
	const ctx = await serverContext();
	try {
		const outcome = await adminPromote(ctx.config.modelsDir, user.username, body ?? {});
		return Response.json(outcome, { status: outcome.promoted ? 200 : 409 });
	} catch (e) {
		if ((e as { code?: string }).code === 'PROMOTION_INVALID') error(400, (e as Error).message);
		throw e;
	}
};
