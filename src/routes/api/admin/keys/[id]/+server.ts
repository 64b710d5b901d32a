/** DELETE /api/admin/keys/ID -> 200 {revoked: true}; 404 when no active key has that id. */
import type { RequestHandler } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { revokeApiKey } from '#lib/server/auth/api-keys.ts';
import { jsonError, requireAdmin } from '../../http.ts';

export const DELETE: RequestHandler = async (event) => {
	requireAdmin(event);
	if (!(await revokeApiKey((await serverContext()).database.db, event.params.id)))
		return jsonError(404, `no active API key with id ${event.params.id}`, 'KEY_NOT_FOUND');
	return Response.json({ revoked: true });
};
