/**
 * Who is signed in. Online, the server decides (GET /api/session); offline, the user
 * cached in IndexedDB after the last confirmed sign-in lets the app keep working.
 */
import { getMeta, setMeta, type CachedUser } from '../storage/meta.ts';

export type SessionCheck =
	| { kind: 'signed-in'; user: CachedUser; offline: boolean }
	| { kind: 'signed-out' }
	/** Offline and this device never confirmed a sign-in. */
	| { kind: 'unknown' };

/** Roles that may use the technician app. */
export const APP_ROLES: readonly CachedUser['role'][] = ['technician', 'admin'];

export async function checkSession(fetchFn: typeof fetch = fetch): Promise<SessionCheck> {
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

/** Sign out: forget the cached user (offline use needs a new sign-in), then end the server session. */
export async function signOut(): Promise<void> {
	await setMeta('user', null);
	await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' }).catch(() => {});
}

export function signInUrl(): string {
	return `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
}
