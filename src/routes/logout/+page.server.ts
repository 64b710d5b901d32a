import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { SESSION_COOKIE, revokeSession } from '#lib/server/auth/sessions.ts';
import { securityLog } from '#lib/server/security-log/record.ts';

export const actions: Actions = {
	default: async ({ cookies, locals }) => {
		const token = cookies.get(SESSION_COOKIE);
		if (token) {
			const { db } = (await serverContext()).database;
			await revokeSession(db, token);
			if (locals.user) await securityLog(db).record({ kind: 'sign-out', userId: locals.user.id, username: locals.user.username });
		}
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
};
