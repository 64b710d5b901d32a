/**
 * POST /api/admin/telemetry/exclusions {sourceId | username, reason} -> 201 {id, sources, moved}
 * Takes a session's (or every session of a user's) events out of monitoring, rollups
 * included, and drops what that session or user sends later (src/lib/server/telemetry/exclusion.ts).
 */
import type { RequestHandler } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { excludeTelemetry } from '#lib/server/telemetry/exclusion.ts';
import { exclusionSchema as schema } from '#lib/server/admin/schemas.ts';
import { answer, parseBody, requireAdmin } from '../../http.ts';

export const POST: RequestHandler = async (event) => {
	const admin = requireAdmin(event);
	const body = await parseBody(event, schema);
	if (body instanceof Response) return body;
	return answer(async () =>
		Response.json(await excludeTelemetry((await serverContext()).database.db, body, body.reason, admin.username), { status: 201 })
	);
};
