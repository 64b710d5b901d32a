/**
 * POST /api/admin/users/NAME/reset -> {password}: a new generated password (shown once).
 * The account is enabled again; its sessions end and its API keys are revoked.
 */
import type { RequestHandler } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { resetPassword } from '#lib/server/auth/users.ts';
import { answer, requireAdmin } from '../../../http.ts';

export const POST: RequestHandler = async (event) => {
	requireAdmin(event);
	return answer(async () => Response.json({ password: await resetPassword((await serverContext()).database.db, event.params.username) }));
};
