import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { SESSION_COOKIE, revokeSession } from '#lib/server/auth/sessions.ts';

export const actions: Actions = {
	default: async ({ cookies }) => {
		const token = cookies.get(SESSION_COOKIE);
		if (token) await revokeSession((await serverContext()).database.db, token);
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
};
