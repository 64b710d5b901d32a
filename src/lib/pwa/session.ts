/**
 * Who is signed in. Online, the server decides (GET /api/session); offline, the user
 * cached in IndexedDB after the last confirmed sign-in lets the app keep working.
 * Signing out ends the local session at once, online or not; a server session that could
 * not be revoked then is revoked at the next contact, before anything else is asked.
 */
import { getMeta, setMeta, type CachedUser } from '../storage/meta.ts';

export type SessionCheck =
	| { kind: 'signed-in'; user: CachedUser; offline: boolean }
	/** `revokePending`: signed out on this device, the server has not confirmed it yet (offline). */
	| { kind: 'signed-out'; revokePending?: boolean }
	/** Offline and this device never confirmed a sign-in. */
	| { kind: 'unknown' };

/** Roles that may use the technician app. */
export const APP_ROLES: readonly CachedUser['role'][] = ['technician', 'admin'];

export async function checkSession(fetchFn: typeof fetch = fetch): Promise<SessionCheck> {
	const pending = await getMeta('pendingSignOut');
	if (pending) {
		// The previous user signed out offline: never resume their session.
		const revoked = await revokeServerSession(fetchFn, pending.userId);
		if (revoked) await setMeta('pendingSignOut', null);
		return { kind: 'signed-out', revokePending: !revoked };
	}
	let response: Response;
	try {
		response = await fetchFn('/api/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
	} catch {
		const cached = await getMeta('user');
		return cached ? { kind: 'signed-in', user: cached, offline: true } : { kind: 'unknown' };
	}
	if (response.status === 401) return { kind: 'signed-out' };
	if (!response.ok) {
		// Server trouble is not a sign-out: keep working with the cached user.
		const cached = await getMeta('user');
		return cached ? { kind: 'signed-in', user: cached, offline: true } : { kind: 'unknown' };
	}
	const { user } = (await response.json()) as { user: Omit<CachedUser, 'confirmedAt'> };
	const cached: CachedUser = { id: user.id, username: user.username, role: user.role, confirmedAt: new Date().toISOString() };
	await setMeta('user', cached);
	return { kind: 'signed-in', user: cached, offline: false };
}

/** Ends the server session if it still belongs to `userId`; false when the server could not be reached. */
async function revokeServerSession(fetchFn: typeof fetch, userId: string | number): Promise<boolean> {
	try {
		const response = await fetchFn(`/api/session?user=${encodeURIComponent(String(userId))}`, {
			method: 'DELETE',
			credentials: 'same-origin'
		});
		return response.ok;
	} catch {
		return false;
	}
}

/**
 * Sign out: forget the cached user and remember the sign-out (in one step, before any
 * network), then try to end the server session. Returns whether the server confirmed it.
 */
export async function signOut(userId: string | number, fetchFn: typeof fetch = fetch): Promise<boolean> {
	await setMeta('pendingSignOut', { userId, at: new Date().toISOString() });
	await setMeta('user', null);
	const revoked = await revokeServerSession(fetchFn, userId);
	if (revoked) await setMeta('pendingSignOut', null);
	return revoked;
}

export function signInUrl(): string {
	return `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
}
