/**
 * POST /api/sync (technician, admin; API keys with the "sync" scope): push inventory
 * changes and pull what changed since the cursor. Shapes: src/lib/sync/protocol.ts. A bad
 * payload gets 400 naming the field, and nothing of it is stored. Every pushed verdict is
 * re-checked with the server's champion model (src/lib/server/sync/verify.ts) and every
 * applied change is audited (src/lib/server/audit/audit.ts).
 */
import { error, type RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { readJson } from '#lib/server/http/read-json.ts';
import { modelService } from '#lib/server/model-service.ts';
import { syncRequestSchema } from '#lib/sync/protocol.ts';
import { sync } from '#lib/server/sync/sync.ts';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

export const POST: RequestHandler = async (event) => {
	const user = requireRole(event, ['technician', 'admin']);
	const parsed = syncRequestSchema.safeParse(await readJson(event.request, MAX_BODY_BYTES));
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		error(400, `${issue.path.join('.') || '(body)'}: ${issue.message}`);
	}
	const ctx = await serverContext();
	// Taken once: a champion switch meanwhile does not mix two models in one push.
	const service = modelService();
	const model = service.ready ? service.champion : null;
	return Response.json(await sync(ctx.database.db, parsed.data, user.username, model));
};
