/** Who is calling: an API key (`Authorization: Bearer`) or the session cookie. */
import type { Cookies } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { validateApiKey } from './api-keys.ts';
import { SESSION_COOKIE, validateSession } from './sessions.ts';
import type { AuthUser } from './users.ts';

export async function authenticate(db: Kysely<Database>, event: { request: Request; cookies: Cookies }): Promise<AuthUser | null> {
	const authorization = event.request.headers.get('authorization');
	if (authorization) {
		const match = /^Bearer\s+(\S+)$/i.exec(authorization);
		return match ? validateApiKey(db, match[1]) : null;
	}
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return null;
	const user = await validateSession(db, token);
	if (!user) event.cookies.delete(SESSION_COOKIE, { path: '/' });
	return user;
}

/** Cookie options: HttpOnly, SameSite=Lax, Secure whenever the site is served over https. */
export function sessionCookieOptions(url: URL, expiresAt: number) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:', expires: new Date(expiresAt) };
}
