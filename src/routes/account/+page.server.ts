import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { ANY_ROLE, requirePageRole } from '#lib/server/auth/guard.ts';
import { SESSION_COOKIE } from '#lib/server/auth/sessions.ts';
import { changeOwnPassword, PasswordChangeError } from '#lib/server/auth/change-password.ts';
import { MIN_PASSWORD_LENGTH } from '#lib/server/auth/password.ts';
import { StorageUnavailableError } from '#lib/server/db/storage-status.ts';

export const load: PageServerLoad = (event) => {
	const user = requirePageRole(event, ANY_ROLE);
	event.setHeaders({ 'cache-control': 'no-store' });
	return { username: user.username, role: user.role, minLength: MIN_PASSWORD_LENGTH };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requirePageRole(event, ANY_ROLE);
		const form = await event.request.formData();
		const currentPassword = String(form.get('currentPassword') ?? '');
		const newPassword = String(form.get('newPassword') ?? '');
		const confirm = String(form.get('confirmPassword') ?? '');
		if (!currentPassword || !newPassword) return fail(400, { message: 'Enter your current password and a new one.' });
		if (newPassword !== confirm) return fail(400, { message: 'The new password and its repetition differ.' });
		try {
			await changeOwnPassword((await serverContext()).database.db, {
				userId: user.id,
				currentPassword,
				newPassword,
				keepSessionToken: event.cookies.get(SESSION_COOKIE) ?? null,
				address: event.getClientAddress()
			});
		} catch (e) {
			if (e instanceof PasswordChangeError) return fail(400, { message: e.message });
			if (e instanceof StorageUnavailableError) return fail(503, { message: e.message });
			throw e;
		}
		return { changed: true };
	}
};
