import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { SignInError } from '#lib/server/auth/sign-in.ts';
import { SESSION_COOKIE } from '#lib/server/auth/sessions.ts';
import { sessionCookieOptions } from '#lib/server/auth/authenticate.ts';
import { landingPath } from '#lib/server/auth/landing.ts';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, landingPath(locals.user.role, url.searchParams.get('next')));
	return {};
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
			throw e;
		}
		cookies.set(SESSION_COOKIE, session.token, sessionCookieOptions(url, session.expiresAt));
		redirect(303, landingPath(session.user.role, url.searchParams.get('next')));
	}
};
