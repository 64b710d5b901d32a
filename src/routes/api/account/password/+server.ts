/**
 * POST /api/account/password {currentPassword, newPassword}  (signed-in browser session)
 * -> 200 {message}; the user's other sessions end, this one stays
 * -> 400 {message, code: WRONG_PASSWORD | WEAK_PASSWORD | SAME_PASSWORD | INVALID_BODY}, 401, 403 (API key), 503 storage
 * -> 429 {message, code: TOO_MANY_ATTEMPTS} with Retry-After, after repeated wrong current passwords (as sign-in)
 */
import { error, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { serverContext } from '#lib/server/context.ts';
import { ANY_ROLE, requireRole } from '#lib/server/auth/guard.ts';
import { readJson } from '#lib/server/http/read-json.ts';
import { SESSION_COOKIE } from '#lib/server/auth/sessions.ts';
import { changeOwnPassword, PasswordChangeError } from '#lib/server/auth/change-password.ts';
import { MAX_PASSWORD_LENGTH } from '#lib/server/auth/password.ts';

const body = z
	.object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH) })
	.strict();

export const POST: RequestHandler = async (event) => {
	const user = requireRole(event, ANY_ROLE);
	if (event.request.headers.has('authorization')) error(403, 'Change a password in a browser session, not with an API key.');
	const parsed = body.safeParse(await readJson(event.request, 8 * 1024));
	if (!parsed.success) {
		return Response.json({ message: 'Send JSON {"currentPassword": "...", "newPassword": "..."}.', code: 'INVALID_BODY' }, { status: 400 });
	}
	let address: string | null = null;
	try {
		address = event.getClientAddress();
	} catch {
		// unknown
	}
	try {
		await changeOwnPassword((await serverContext()).database.db, {
			userId: user.id,
			currentPassword: parsed.data.currentPassword,
			newPassword: parsed.data.newPassword,
			keepSessionToken: event.cookies.get(SESSION_COOKIE) ?? null,
			address
		});
	} catch (e) {
		if (e instanceof PasswordChangeError && e.code === 'TOO_MANY_ATTEMPTS')
			return Response.json({ message: e.message, code: e.code }, { status: 429, headers: { 'retry-after': String(e.retryAfterSeconds) } });
		if (e instanceof PasswordChangeError) return Response.json({ message: e.message, code: e.code }, { status: 400 });
		throw e;
	}
	return Response.json({ message: 'Password changed. Your other sessions were signed out.' });
};
