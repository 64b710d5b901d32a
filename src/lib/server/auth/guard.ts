/**
 * Role checks. Endpoints: 401 when nobody is signed in, 403 for the wrong role.
 * Pages: anonymous visitors are sent to /login and come back afterwards.
 *
 * An API key is also limited by its scopes, chosen from the path so that every route's
 * existing requireRole call checks them: /api/classify needs "classify", /api/sync
 * "sync", any other API "read"; admin APIs and telemetry never accept a key (they need a
 * signed-in person, or the server itself).
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '../db/schema.ts';
import type { AuthUser } from './users.ts';

export const ANY_ROLE: readonly Role[] = ['technician', 'analyst', 'admin'];

type Scope = 'classify' | 'sync' | 'read';

/** The scope a path needs from an API key, or null when no key may call it. */
export function scopeForPath(pathname: string): Scope | null {
	const under = (prefix: string) => pathname === prefix || pathname.startsWith(prefix + '/');
	if (under('/api/admin') || under('/admin') || under('/api/telemetry')) return null;
	if (under('/api/classify')) return 'classify';
	if (under('/api/sync')) return 'sync';
	return 'read';
}

export function requireRole(event: Pick<RequestEvent, 'locals'> & { url?: URL }, roles: readonly Role[]): AuthUser {
	const user = event.locals.user;
	if (!user) error(401, 'Sign in first (POST /api/session or the /login page), or send "Authorization: Bearer <API key>".');
	if (!roles.includes(user.role)) error(403, `This needs the ${roles.join(' or ')} role; you are signed in as ${user.role}.`);
	if (user.apiKey) {
		const scope = event.url ? scopeForPath(event.url.pathname) : 'read';
		if (scope === null) error(403, 'API keys cannot call this; sign in as a person.');
		if (!user.apiKey.scopes.includes(scope))
			error(
				403,
				`This API key does not have the "${scope}" scope (it has: ${user.apiKey.scopes.join(', ')}); ask an admin for a key with it.`
			);
	}
	return user;
}

export function requirePageRole(event: Pick<RequestEvent, 'locals' | 'url'>, roles: readonly Role[]): AuthUser {
	if (!event.locals.user) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	return requireRole(event, roles);
}
