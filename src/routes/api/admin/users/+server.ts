/**
 * GET /api/admin/users -> {users: UserSummary[]}
 * POST /api/admin/users {username, role, password?} -> 201 {user, password}: `password` is the
 * generated one (shown once) when none was given, else null.
 */
import type { RequestHandler } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { createUser, listUsers } from '#lib/server/auth/users.ts';
import { addUserSchema as addSchema } from '#lib/server/admin/schemas.ts';
import { answer, parseBody, requireAdmin } from '../http.ts';

export const GET: RequestHandler = async (event) => {
	requireAdmin(event);
	return Response.json({ users: await listUsers((await serverContext()).database.db) });
};

export const POST: RequestHandler = async (event) => {
	requireAdmin(event);
	const body = await parseBody(event, addSchema);
	if (body instanceof Response) return body;
	return answer(async () => {
		const { user, generatedPassword } = await createUser((await serverContext()).database.db, body);
		return Response.json({ user, password: generatedPassword }, { status: 201 });
	});
};
