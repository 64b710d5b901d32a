import { afterEach, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { testDatabases } from '#tests/support/databases.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { createApiKey, listApiKeys, validateApiKey } from './api-keys.ts';
import { requireRole } from './guard.ts';
import { createSession, validateSession } from './sessions.ts';
import { createUser, disableUser, enableUser, resetPassword, setRole, type AuthUser } from './users.ts';

const PASSWORD = 'correct horse battery staple';
const DAY = 86_400_000;

/** The status requireRole answers for this caller on this path (200 = allowed). */
function statusFor(user: AuthUser | null, path: string, roles: AuthUser['role'][]): number {
	try {
		requireRole({ locals: { user }, url: new URL(`http://x${path}`) }, roles);
		return 200;
	} catch (e) {
		if (isHttpError(e)) return e.status;
		throw e;
	}
}

describe.each(testDatabases())('API key scopes, expiry and revocation on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	it('a classify-only key may classify but gets 403 on sync and read endpoints', async () => {
		handle = await open();
		await createUser(handle.db, { username: 'scanner', role: 'admin', password: PASSWORD });
		const { key, scopes } = await createApiKey(handle.db, 'scanner');
		expect(scopes).toEqual(['classify']);
		const caller = await validateApiKey(handle.db, key);
		expect(caller?.apiKey?.scopes).toEqual(['classify']);
		expect(statusFor(caller, '/api/classify', ['technician', 'admin'])).toBe(200);
		expect(statusFor(caller, '/api/sync', ['technician', 'admin'])).toBe(403);
		expect(statusFor(caller, '/api/monitoring/summary', ['analyst', 'admin'])).toBe(403);
		expect(statusFor(caller, '/api/admin/users', ['admin'])).toBe(403);
		expect(statusFor(caller, '/api/telemetry', ['technician', 'admin'])).toBe(403);
		// The same admin signed in as a person is not limited by key scopes.
		expect(statusFor({ ...caller!, apiKey: undefined }, '/api/sync', ['technician', 'admin'])).toBe(200);
		const { key: syncKey } = await createApiKey(handle.db, 'scanner', { scopes: ['sync', 'read'] });
		const syncer = await validateApiKey(handle.db, syncKey);
		expect(statusFor(syncer, '/api/sync', ['technician', 'admin'])).toBe(200);
		expect(statusFor(syncer, '/api/monitoring/summary', ['analyst', 'admin'])).toBe(200);
		expect(statusFor(syncer, '/api/classify', ['technician', 'admin'])).toBe(403);
		expect(statusFor(null, '/api/sync', ['technician', 'admin'])).toBe(401);
	});

	it('an expired key is refused (401: nobody is signed in) and listed with its expiry', async () => {
		handle = await open();
		await createUser(handle.db, { username: 'scanner', role: 'technician', password: PASSWORD });
		const now = Date.now();
		const { key, expiresAt } = await createApiKey(handle.db, 'scanner', { expiresInDays: 1, now });
		expect(expiresAt).toBe(now + DAY);
		expect(await validateApiKey(handle.db, key, now + DAY - 1)).not.toBeNull();
		const late = await validateApiKey(handle.db, key, now + DAY);
		expect(late).toBeNull();
		expect(statusFor(late, '/api/classify', ['technician'])).toBe(401);
		expect((await listApiKeys(handle.db))[0]).toMatchObject({ expiresAt: now + DAY, scopes: ['classify'] });
		const forever = await createApiKey(handle.db, 'scanner', { expiresInDays: null });
		expect(await validateApiKey(handle.db, forever.key, now + 5000 * DAY)).not.toBeNull();
	});

	it('rejects unknown scopes and impossible expiries with a code', async () => {
		handle = await open();
		await createUser(handle.db, { username: 'scanner', role: 'technician', password: PASSWORD });
		await expect(createApiKey(handle.db, 'scanner', { scopes: ['admin'] })).rejects.toMatchObject({ code: 'INVALID_SCOPE' });
		await expect(createApiKey(handle.db, 'scanner', { scopes: [] })).rejects.toMatchObject({ code: 'INVALID_SCOPE' });
		await expect(createApiKey(handle.db, 'scanner', { expiresInDays: 0 })).rejects.toMatchObject({ code: 'INVALID_EXPIRY' });
		await expect(createApiKey(handle.db, 'scanner', { expiresInDays: 1.5 })).rejects.toMatchObject({ code: 'INVALID_EXPIRY' });
	});

	it('a password reset revokes the user’s keys and sessions; so does disabling', async () => {
		handle = await open();
		const { user } = await createUser(handle.db, { username: 'tech1', role: 'technician', password: PASSWORD });
		const { key } = await createApiKey(handle.db, 'tech1', { scopes: ['classify', 'sync'] });
		const session = await createSession(handle.db, user.id, 60_000);
		await resetPassword(handle.db, 'tech1');
		expect(await validateApiKey(handle.db, key)).toBeNull();
		expect(await validateSession(handle.db, session.token)).toBeNull();
		expect((await listApiKeys(handle.db))[0].revokedAt).not.toBeNull();

		const second = await createApiKey(handle.db, 'tech1');
		await disableUser(handle.db, 'tech1');
		expect(await validateApiKey(handle.db, second.key)).toBeNull();
		await enableUser(handle.db, 'tech1');
		// Enabling again does not bring revoked keys back.
		expect(await validateApiKey(handle.db, second.key)).toBeNull();
		await expect(createApiKey(handle.db, 'tech1')).resolves.toMatchObject({ scopes: ['classify'] });
	});

	it('role changes end sessions; the last admin cannot be disabled or demoted', async () => {
		handle = await open();
		const { user } = await createUser(handle.db, { username: 'boss', role: 'admin', password: PASSWORD });
		await expect(disableUser(handle.db, 'boss')).rejects.toMatchObject({ code: 'LAST_ADMIN' });
		await expect(setRole(handle.db, 'boss', 'analyst')).rejects.toMatchObject({ code: 'LAST_ADMIN' });
		await createUser(handle.db, { username: 'boss2', role: 'admin', password: PASSWORD });
		const session = await createSession(handle.db, user.id, 60_000);
		await setRole(handle.db, 'boss', 'analyst');
		expect(await validateSession(handle.db, session.token)).toBeNull();
		await expect(setRole(handle.db, 'boss', 'king')).rejects.toMatchObject({ code: 'INVALID_ROLE' });
	});
});
