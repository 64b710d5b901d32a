/**
 * The session as JSON, for the PWA.
 * GET    -> 200 {user: {id, username, role}} | 401
 * POST   {username, password} -> 200 {user, expiresAt} and the session cookie | 400 | 429 (Retry-After)
 * DELETE [?user=ID] -> 204, ends the session (with `user`: only if it is that user's, so a
 *        sign-out queued offline never ends the session of whoever signed in since)
 */
import { error, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { serverContext } from '#lib/server/context.ts';
import { ANY_ROLE, requireRole } from '#lib/server/auth/guard.ts';
import { SignInError } from '#lib/server/auth/sign-in.ts';
import { SESSION_COOKIE, revokeSession } from '#lib/server/auth/sessions.ts';
import { sessionCookieOptions } from '#lib/server/auth/authenticate.ts';
import { readJson } from '#lib/server/http/read-json.ts';
import { securityLog } from '#lib/server/security-log/record.ts';

const credentials = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

export const GET: RequestHandler = (event) => Response.json({ user: requireRole(event, ANY_ROLE) });

export const POST: RequestHandler = async (event) => {
	const body = credentials.safeParse(await readJson(event.request, 16 * 1024));
	if (!body.success) error(400, 'Send JSON {"username": "...", "password": "..."}.');
	const ctx = await serverContext();
	try {
		const { user, token, expiresAt } = await ctx.signIn.signIn(body.data.username, body.data.password, event.getClientAddress());
		event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event.url, expiresAt));
		return Response.json({ user, expiresAt: new Date(expiresAt).toISOString() });
	} catch (e) {
		if (!(e instanceof SignInError)) throw e;
		const headers: Record<string, string> = e.code === 'TOO_MANY_ATTEMPTS' ? { 'retry-after': String(e.retryAfterSeconds) } : {};
		return Response.json({ message: e.message, code: e.code }, { status: e.code === 'TOO_MANY_ATTEMPTS' ? 429 : 401, headers });
	}
};

export const DELETE: RequestHandler = async ({ cookies, locals, url }) => {
	const token = cookies.get(SESSION_COOKIE);
	const expected = url.searchParams.get('user');
	if (expected !== null && locals.user && String(locals.user.id) !== expected) return new Response(null, { status: 204 });
	if (token) {
		const { db } = (await serverContext()).database;
		await revokeSession(db, token);
		if (locals.user) await securityLog(db).record({ kind: 'sign-out', userId: locals.user.id, username: locals.user.username });
	}
	cookies.delete(SESSION_COOKIE, { path: '/' });
	return new Response(null, { status: 204 });
};
