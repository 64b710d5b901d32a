import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

	it('creates the first admin with a random password, once, and never logs the password', async () => {
		handle = await open();
		const lines: string[] = [];
		const dir = mkdtempSync(path.join(os.tmpdir(), 'bootstrap-'));
		const passwordFile = path.join(dir, 'initial-admin-password.txt');
		const password = await ensureInitialAdmin(handle.db, { log: (l) => lines.push(l), terminal: null, passwordFile });
		expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
		expect(lines.join('\n')).not.toContain(password!);
		expect(lines.join('\n')).toContain(passwordFile);
		expect(readFileSync(passwordFile, 'utf8')).toContain(password!);
		expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
		rmSync(dir, { recursive: true, force: true });
		expect(await ensureInitialAdmin(handle.db, (l) => lines.push(l))).toBeNull();
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

	it('slows repeated failures from one address with growing delays, without locking the real user out', async () => {
		handle = await open();
		await createUser(handle.db, { username: 'admin2', role: 'admin', password: PASSWORD });
		const s = service(3);
		// The attacker at 10.0.0.66: three free failures, then it must wait, even with the right password.
		for (let i = 0; i < 3; i++)
			await expect(s.signIn('admin2', 'nope nope nope', '10.0.0.66')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
		const blocked = await s.signIn('admin2', PASSWORD, '10.0.0.66').catch((e) => e);
		expect(blocked).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
		expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
		// The real admin, from their own address, signs in at once: no lockout.
		await expect(s.signIn('admin2', PASSWORD, '10.0.0.9')).resolves.toMatchObject({ user: { username: 'admin2' } });
		// Failures and throttling are in the security log.
		const kinds = (await handle.db.selectFrom('security_events').select('kind').execute()).map((r) => r.kind);
		expect(kinds.filter((k) => k === 'sign-in-failure')).toHaveLength(3);
		expect(kinds).toContain('sign-in-throttled');
		expect(kinds).toContain('sign-in-success');
	});

	it('ends a browser session after the idle timeout, and keeps an active one', async () => {
		handle = await open();
		const { user } = await createUser(handle.db, { username: 'tech1', role: 'technician', password: PASSWORD });
		const { token } = await createSession(handle.db, user.id, 12 * 3_600_000);
		const idleMs = 30 * 60_000;
		const start = Date.now();
		expect(await validateSession(handle.db, token, { idleMs, now: start + 20 * 60_000 })).toMatchObject({ username: 'tech1' });
		// 20 minutes later again: 40 minutes after sign-in but active 20 minutes ago.
		expect(await validateSession(handle.db, token, { idleMs, now: start + 40 * 60_000 })).toMatchObject({ username: 'tech1' });
		expect(await validateSession(handle.db, token, { idleMs, now: start + 71 * 60_000 })).toBeNull();
		// Gone for good, not only refused.
		expect(await validateSession(handle.db, token, { now: start + 72 * 60_000 })).toBeNull();
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
		// One character changed (a key that already ends in A gets a B: the old test was flaky).
		expect(await validateApiKey(handle.db, key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).toBeNull();
		const [listed] = await listApiKeys(handle.db);
		expect(listed).toMatchObject({ id, username: 'scanner', revokedAt: null });
		expect(listed.lastUsedAt).not.toBeNull();
		expect(JSON.stringify(await handle.db.selectFrom('api_keys').selectAll().execute())).not.toContain(key);
		expect(await revokeApiKey(handle.db, id)).toBe(true);
		expect(await revokeApiKey(handle.db, id)).toBe(false);
		expect(await validateApiKey(handle.db, key)).toBeNull();
	});
});
