/**
 * PATCH /api/admin/users/NAME {disabled?: boolean, role?: Role} -> {user}
 * Disabling ends the user's sessions and revokes their API keys; a role change ends their
 * sessions. The last enabled admin cannot be disabled or demoted (409 LAST_ADMIN).
 */
import type { RequestHandler } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { disableUser, enableUser, listUsers, setRole } from '#lib/server/auth/users.ts';
import { patchUserSchema as patchSchema } from '#lib/server/admin/schemas.ts';
import { answer, jsonError, parseBody, requireAdmin } from '../../http.ts';

export const PATCH: RequestHandler = async (event) => {
	requireAdmin(event);
	const body = await parseBody(event, patchSchema);
	if (body instanceof Response) return body;
	const db = (await serverContext()).database.db;
	const name = event.params.username;
	return answer(async () => {
		if (body.role !== undefined) await setRole(db, name, body.role);
		if (body.disabled === true) await disableUser(db, name);
		if (body.disabled === false) await enableUser(db, name);
		const user = (await listUsers(db)).find((u) => u.username === name.trim().toLowerCase());
		return user ? Response.json({ user }) : jsonError(404, `no user "${name}"`, 'USER_NOT_FOUND');
	});
};
