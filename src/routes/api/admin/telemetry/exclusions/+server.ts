/**
 * POST /api/admin/telemetry/exclusions {sourceId | username, reason} -> 201 {id, sources, moved}
 * Takes a session's (or every session of a user's) events out of monitoring, rollups
 * included, and drops what that session or user sends later (src/lib/server/telemetry/exclusion.ts).
 */
import type { RequestHandler } from './$types';
import { z } from 'zod';
import { serverContext } from '#lib/server/context.ts';
import { excludeTelemetry } from '#lib/server/telemetry/exclusion.ts';
import { answer, parseBody, requireAdmin } from '../../http.ts';

const schema = z.union([
	z.object({ sourceId: z.string().regex(/^s_[0-9a-f]{24}$/), reason: z.string().trim().min(3).max(500) }).strict(),
	z.object({ username: z.string().min(1).max(64), reason: z.string().trim().min(3).max(500) }).strict()
]);

export const POST: RequestHandler = async (event) => {
	const admin = requireAdmin(event);
	const body = await parseBody(event, schema);
	if (body instanceof Response) return body;
	return answer(async () =>
		Response.json(await excludeTelemetry((await serverContext()).database.db, body, body.reason, admin.username), { status: 201 })
	);
};
