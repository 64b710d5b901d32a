/** Who is calling: an API key (`Authorization: Bearer`) or the session cookie. */
import type { Cookies } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { securityLog } from '../security-log/record.ts';
import { validateApiKey } from './api-keys.ts';
import { sha256Hex } from './crypto.ts';
import { SESSION_COOKIE, validateSession } from './sessions.ts';
import type { AuthUser } from './users.ts';

/** An API key's use goes to the security log at most once per key in this window (per process). */
const KEY_USE_LOG_MS = 10 * 60_000;
const keyUseLogged = new Map<string, number>();

function logKeyUse(db: Kysely<Database>, key: string, user: AuthUser, address: string | null): void {
	const id = sha256Hex(key);
	const now = Date.now();
	if (now - (keyUseLogged.get(id) ?? 0) < KEY_USE_LOG_MS) return;
	if (keyUseLogged.size > 10_000) keyUseLogged.clear();
	keyUseLogged.set(id, now);
	// The stored prefix (first characters), enough to find the key in "npm run user -- key list".
	void securityLog(db).record({
		kind: 'api-key-used',
		userId: user.id,
		username: user.username,
		address,
		detail: { keyPrefix: key.slice(0, 10) }
	});
}

export async function authenticate(
	db: Kysely<Database>,
	event: { request: Request; cookies: Cookies; getClientAddress?: () => string },
	options: { idleMs?: number } = {}
): Promise<AuthUser | null> {
	const authorization = event.request.headers.get('authorization');
	if (authorization) {
		const match = /^Bearer\s+(\S+)$/i.exec(authorization);
		const user = match ? await validateApiKey(db, match[1]) : null;
		if (user && match) logKeyUse(db, match[1], user, clientAddress(event));
		return user;
	}
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return null;
	const user = await validateSession(db, token, { idleMs: options.idleMs });
	if (!user) event.cookies.delete(SESSION_COOKIE, { path: '/' });
	return user;
}

function clientAddress(event: { getClientAddress?: () => string }): string | null {
	try {
		return event.getClientAddress?.() ?? null;
	} catch {
		return null;
	}
}

/** Cookie options: HttpOnly, SameSite=Lax, Secure whenever the site is served over https. */
export function sessionCookieOptions(url: URL, expiresAt: number) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:', expires: new Date(expiresAt) };
}
