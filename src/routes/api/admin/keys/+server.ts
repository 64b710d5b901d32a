/**
 * GET /api/admin/keys -> {keys: ApiKeySummary[]} (prefix, owner, scopes, expiry, last use; never the key)
 * POST /api/admin/keys {username, scopes: ("classify"|"sync"|"read")[], expiresInDays: number | null}
 *   -> 201 {id, key, scopes, expiresAt}: the key is shown once.
 */
import type { RequestHandler } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { createApiKey, listApiKeys } from '#lib/server/auth/api-keys.ts';
import { createKeySchema as createSchema } from '#lib/server/admin/schemas.ts';
import { answer, parseBody, requireAdmin } from '../http.ts';

export const GET: RequestHandler = async (event) => {
	requireAdmin(event);
	return Response.json({ keys: await listApiKeys((await serverContext()).database.db) });
};

export const POST: RequestHandler = async (event) => {
	requireAdmin(event);
	const body = await parseBody(event, createSchema);
	if (body instanceof Response) return body;
	return answer(async () =>
		Response.json(
			await createApiKey((await serverContext()).database.db, body.username, { scopes: body.scopes, expiresInDays: body.expiresInDays }),
			{ status: 201 }
		)
	);
};
