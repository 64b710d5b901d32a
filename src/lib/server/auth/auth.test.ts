import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { createApiKey, listApiKeys, revokeApiKey, validateApiKey } from './api-keys.ts';
import { ensureInitialAdmin } from './bootstrap.ts';
import { createSession, validateSession } from './sessions.ts';
import { SignInService } from './sign-in.ts';
import { createUser, disableUser, findUser, listUsers, resetPassword, UserError } from './users.ts';

const PASSWORD = 'correct horse battery';

describe.each(testDatabases())('accounts and sessions on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	const service = (maxFailuresPerUser = 3) =>
		new SignInService(handle.db, { sessionTtlMs: 60_000, maxFailuresPerUser, maxFailuresPerIp: 100 });

	it('creates the first admin with a random password, once', async () => {
		handle = await open();
		const lines: string[] = [];
		const password = await ensureInitialAdmin(handle.db, (l) => lines.push(l));
		expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
		expect(lines.join('\n')).toContain(password!);
		expect(await ensureInitialAdmin(handle.db, (l) => lines.push(l))).toBeNull();
		const other = await ensureInitialAdmin(handle.db);
		expect(other).toBeNull();
		const { token } = await service().signIn('admin', password!, '1.1.1.1');
		expect((await validateSession(handle.db, token))?.role).toBe('admin');
	});

	it('stores argon2id hashes, never the password', async () => {
		handle = await open();
		await createUser(handle.db, { username: 'tech1', role: 'technician', password: PASSWORD });
		const row = await findUser(handle.db, 'tech1');
		expect(row?.password_hash).toMatch(/^\$argon2id\$/);
		expect(row?.password_hash).not.toContain(PASSWORD);
	});

	it('rejects unknown roles, bad usernames and duplicates with a code', async () => {
		handle = await open();
		await expect(createUser(handle.db, { username: 'x', role: 'boss' })).rejects.toMatchObject({ code: 'INVALID_USERNAME' });
		await expect(createUser(handle.db, { username: 'ana', role: 'boss' })).rejects.toMatchObject({ code: 'INVALID_ROLE' });
		await createUser(handle.db, { username: 'ana', role: 'analyst', password: PASSWORD });
		await expect(createUser(handle.db, { username: 'ANA', role: 'analyst', password: PASSWORD })).rejects.toBeInstanceOf(UserError);
	});

	it('signs in with the right password only, and stores only the token hash', async () => {
		handle = await open();
		await createUser(handle.db, { username: 'tech1', role: 'technician', password: PASSWORD });
		await expect(service().signIn('tech1', 'wrong password!', '1.1.1.1')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
		await expect(service().signIn('nobody', PASSWORD, '1.1.1.1')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
		const { token, user } = await service().signIn('Tech1', PASSWORD, '1.1.1.1');
		expect(user).toMatchObject({ username: 'tech1', role: 'technician' });
		const stored = await handle.db.selectFrom('sessions').select('token_hash').execute();
		expect(stored.map((s) => s.token_hash)).not.toContain(token);
		expect(await validateSession(handle.db, token)).toMatchObject({ username: 'tech1' });
		expect(await validateSession(handle.db, token + 'x')).toBeNull();
	});

	it('throttles repeated failures per username, even with the right password', async () => {
		handle = await open();
		await createUser(handle.db, { username: 'tech1', role: 'technician', password: PASSWORD });
		const s = service(3);
		for (let i = 0; i < 3; i++)
			await expect(s.signIn('tech1', 'nope nope nope', `10.0.0.${i}`)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
		const blocked = await s.signIn('tech1', PASSWORD, '10.0.0.9').catch((e) => e);
		expect(blocked).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
		expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
		// Other users are not affected.
		await createUser(handle.db, { username: 'tech2', role: 'technician', password: PASSWORD });
		await expect(s.signIn('tech2', PASSWORD, '10.0.0.9')).resolves.toMatchObject({ user: { username: 'tech2' } });
	});

	it('expired sessions and disabled users are signed out', async () => {
		handle = await open();
		const { user } = await createUser(handle.db, { username: 'tech1', role: 'technician', password: PASSWORD });
		const expired = await createSession(handle.db, user.id, -1);
		expect(await validateSession(handle.db, expired.token)).toBeNull();
		const live = await createSession(handle.db, user.id, 60_000);
		await disableUser(handle.db, 'tech1');
		expect(await validateSession(handle.db, live.token)).toBeNull();
		await expect(service().signIn('tech1', PASSWORD, '1.1.1.1')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
		expect((await listUsers(handle.db))[0]).toMatchObject({ username: 'tech1', disabled: true });
	});

	it('reset sets a new password, re-enables the user and ends old sessions', async () => {
		handle = await open();
		const { user } = await createUser(handle.db, { username: 'tech1', role: 'technician', password: PASSWORD });
		const old = await createSession(handle.db, user.id, 60_000);
		await disableUser(handle.db, 'tech1');
		const generated = await resetPassword(handle.db, 'tech1');
		expect(generated).toBeTruthy();
		expect(await validateSession(handle.db, old.token)).toBeNull();
		await expect(service().signIn('tech1', generated!, '1.1.1.1')).resolves.toMatchObject({ user: { username: 'tech1' } });
		await expect(resetPassword(handle.db, 'ghost')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
	});

	it('API keys act as their user until revoked', async () => {
		handle = await open();
		await createUser(handle.db, { username: 'scanner', role: 'technician', password: PASSWORD });
		const { id, key } = await createApiKey(handle.db, 'scanner');
		expect(await validateApiKey(handle.db, key)).toMatchObject({ username: 'scanner', role: 'technician' });
		expect(await validateApiKey(handle.db, key.slice(0, -1) + 'A')).toBeNull();
		const [listed] = await listApiKeys(handle.db);
		expect(listed).toMatchObject({ id, username: 'scanner', revokedAt: null });
		expect(listed.lastUsedAt).not.toBeNull();
		expect(JSON.stringify(await handle.db.selectFrom('api_keys').selectAll().execute())).not.toContain(key);
		expect(await revokeApiKey(handle.db, id)).toBe(true);
		expect(await revokeApiKey(handle.db, id)).toBe(false);
		expect(await validateApiKey(handle.db, key)).toBeNull();
	});
});
