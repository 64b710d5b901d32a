/**
 * Changing one's own password: wrong current passwords are throttled like failed sign-ins
 * of that account from that address (the same counts), and logged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { changeOwnPassword } from './change-password.ts';
import { SignInService } from './sign-in.ts';
import { DEFAULT_FREE_FAILURES } from './sign-in-throttle.ts';
import { createUser } from './users.ts';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';

describe.each(testDatabases())('changing your own password on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	const signInService = (maxFailuresPerUser: number) =>
		new SignInService(handle.db, { sessionTtlMs: 60_000, maxFailuresPerUser, maxFailuresPerIp: 100, dialect: handle.dialect });
	const change = (userId: string, currentPassword: string, address: string) =>
		changeOwnPassword(handle.db, { userId, currentPassword, newPassword: NEW_PASSWORD, keepSessionToken: null, address });
	const securityEvents = async (): Promise<Record<string, unknown>[]> =>
		(await handle.db.selectFrom('security_events').select(['kind', 'detail']).execute()).map((r) => ({
			kind: r.kind,
			...(JSON.parse(r.detail) as Record<string, unknown>)
		}));

	it('wrong current passwords wait like failed sign-ins, then even the right one waits; other addresses do not', async () => {
		handle = await open();
		const { user } = await createUser(handle.db, { username: 'ana', role: 'analyst', password: PASSWORD });
		const signIn = signInService(3);
		for (let i = 0; i < 3; i++)
			await expect(change(user.id, 'not my password', '10.0.0.66')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
		const blocked = await change(user.id, PASSWORD, '10.0.0.66').catch((e: unknown) => e);
		expect(blocked).toMatchObject({
			code: 'TOO_MANY_ATTEMPTS',
			message: expect.stringMatching(/^Too many wrong passwords\. Wait \d+ seconds/)
		});
		expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
		// The same counts as sign-in: that address cannot sign in as ana either, for now.
		await expect(signIn.signIn('ana', PASSWORD, '10.0.0.66')).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
		// Nothing changed: the old password still signs in from the user's own address.
		await expect(signIn.signIn('ana', PASSWORD, '10.0.0.9')).resolves.toMatchObject({ user: { username: 'ana' } });
		// From there the change works.
		await change(user.id, PASSWORD, '10.0.0.9');
		await expect(signIn.signIn('ana', NEW_PASSWORD, '10.0.0.9')).resolves.toMatchObject({ user: { username: 'ana' } });
		const events = await securityEvents();
		expect(events.filter((e) => e.kind === 'sign-in-failure' && e.reason === 'wrong-current-password')).toHaveLength(3);
		expect(events).toContainEqual(expect.objectContaining({ kind: 'sign-in-throttled', during: 'password-change' }));
		expect(events).toContainEqual(expect.objectContaining({ kind: 'password-changed' }));
	});

	it('failed sign-ins count against a password change from that address too', async () => {
		handle = await open();
		const { user } = await createUser(handle.db, { username: 'tech1', role: 'technician', password: PASSWORD });
		const signIn = signInService(2);
		for (let i = 0; i < 2; i++)
			await expect(signIn.signIn('tech1', 'nope nope nope', '10.0.0.5')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
		await expect(change(user.id, PASSWORD, '10.0.0.5')).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
	});

	it('without a sign-in service on the database (a script), the default allowance applies', async () => {
		handle = await open();
		const { user } = await createUser(handle.db, { username: 'tech2', role: 'technician', password: PASSWORD });
		for (let i = 0; i < DEFAULT_FREE_FAILURES; i++)
			await expect(change(user.id, 'not my password', '10.0.0.7')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
		await expect(change(user.id, 'not my password', '10.0.0.7')).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
	});
});
