import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { SignInError } from '#lib/server/auth/sign-in.ts';
import { SESSION_COOKIE, revokeSession } from '#lib/server/auth/sessions.ts';
import { sessionCookieOptions } from '#lib/server/auth/authenticate.ts';
import { landingPath } from '#lib/server/auth/landing.ts';
import { safeNextPath } from '#lib/server/http/safe-next.ts';
import { StorageUnavailableError } from '#lib/server/db/storage-status.ts';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, landingPath(locals.user.role, safeNextPath(url.searchParams.get('next'))));
	// After a sign-out that left changes on the device (the app says how many).
	const unsynced = Number(url.searchParams.get('unsynced'));
	return { unsynced: Number.isInteger(unsynced) && unsynced > 0 ? unsynced : 0 };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '');
		const password = String(form.get('password') ?? '');
		if (!username || !password) return fail(400, { username, message: 'Enter your username and password.' });
		const ctx = await serverContext();
		let session;
		try {
			session = await ctx.signIn.signIn(username, password, getClientAddress());
		} catch (e) {
			if (e instanceof SignInError) return fail(e.code === 'TOO_MANY_ATTEMPTS' ? 429 : 400, { username, message: e.message });
			if (e instanceof StorageUnavailableError) return fail(503, { username, message: e.message });
			throw e;
		}
		// A shared device: whoever was signed in here before is signed out on the server too.
		const previous = cookies.get(SESSION_COOKIE);
		if (previous) await revokeSession(ctx.database.db, previous);
		cookies.set(SESSION_COOKIE, session.token, sessionCookieOptions(url, session.expiresAt));
		redirect(303, landingPath(session.user.role, safeNextPath(url.searchParams.get('next'))));
	}
};
