/**
 * Role checks. Endpoints: 401 when nobody is signed in, 403 for the wrong role.
 * Pages: anonymous visitors are sent to /login and come back afterwards.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '../db/schema.ts';
import type { AuthUser } from './users.ts';

export const ANY_ROLE: readonly Role[] = ['technician', 'analyst', 'admin'];

export function requireRole(event: Pick<RequestEvent, 'locals'>, roles: readonly Role[]): AuthUser {
	const user = event.locals.user;
	if (!user) error(401, 'Sign in first (POST /api/session or the /login page), or send "Authorization: Bearer <API key>".');
	if (!roles.includes(user.role)) error(403, `This needs the ${roles.join(' or ')} role; you are signed in as ${user.role}.`);
	return user;
}

export function requirePageRole(event: Pick<RequestEvent, 'locals' | 'url'>, roles: readonly Role[]): AuthUser {
	if (!event.locals.user) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	return requireRole(event, roles);
}
