/**
 * Degraded storage on real engines: a SQLite file opened read-only, a SQLite database
 * that is full (max_page_count), and PostgreSQL with default_transaction_read_only.
 * Reads and API-key / session checks keep working; writes fail with the real cause.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import { openDatabase, type DatabaseHandle } from './connect.ts';
import { clearStorageFailure, storageFailureOf } from './storage-status.ts';
import { storageHealth } from './storage-health.ts';
import { createUser } from '../auth/users.ts';
import { createApiKey, validateApiKey } from '../auth/api-keys.ts';
import { createSession, validateSession } from '../auth/sessions.ts';
import { SignInService } from '../auth/sign-in.ts';
import { listSecurityEvents, securityLog } from '../security-log/record.ts';

const PASSWORD = 'correct horse battery staple';

interface Seeded {
	key: string;
	session: string;
}

async function seed(db: DatabaseHandle['db']): Promise<Seeded> {
	await createUser(db, { username: 'erp', role: 'technician', password: PASSWORD });
	const { key } = await createApiKey(db, 'erp');
	const user = await db.selectFrom('users').select('id').where('username', '=', 'erp').executeTakeFirstOrThrow();
	const { token } = await createSession(db, user.id, 3_600_000);
	await securityLog(db, () => {}).record({ kind: 'sign-in-success', username: 'erp' });
	return { key, session: token };
}

/** What every read-only engine must do. */
async function expectReadOnlyBehaviour(ro: DatabaseHandle, seeded: Seeded, cause: string) {
	// API key and session checks work; their bookkeeping writes are skipped.
	expect(await validateApiKey(ro.db, seeded.key)).toMatchObject({ username: 'erp' });
	expect(await validateSession(ro.db, seeded.session, { idleMs: 3_600_000, now: Date.now() + 120_000 })).toMatchObject({ username: 'erp' });
	// Reads work.
	expect(await listSecurityEvents(ro.db, { limit: 10 })).toHaveLength(1);
	// A security event cannot be stored, and that does not throw.
	await securityLog(ro.db, () => {}).record({ kind: 'access-refused', username: 'erp' });
	// Sign-in needs to store a session: a clear storage error naming the cause, not a 500 mystery.
	const service = new SignInService(ro.db, { sessionTtlMs: 60_000, maxFailuresPerUser: 5, maxFailuresPerIp: 50, dialect: ro.dialect });
	const refused = await service.signIn('erp', PASSWORD, '10.0.0.1').catch((e: unknown) => e);
	expect(refused).toMatchObject({ code: 'STORAGE_UNAVAILABLE', failure: { code: cause } });
	// Health says degraded, with the cause.
	expect(await storageHealth(ro)).toMatchObject({ status: 'degraded', cause });
}

describe('degraded storage', () => {
	beforeEach(() => clearStorageFailure());
	let dir: string;
	const handles: DatabaseHandle[] = [];
	afterEach(async () => {
		for (const h of handles.splice(0)) await h.close();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it('SQLite opened read-only: reads and key/session checks work, writes name SQLITE_READONLY', async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'ro-sqlite-'));
		const file = path.join(dir, 'app.sqlite');
		const rw = await openDatabase({ dialect: 'sqlite', file });
		const seeded = await seed(rw.db);
		await rw.close();
		const ro = await openDatabase({ dialect: 'sqlite', file }, { readonly: true });
		handles.push(ro);
		await expectReadOnlyBehaviour(ro, seeded, 'SQLITE_READONLY');
	});

	it('SQLite disk full: a failed transaction reports SQLITE_FULL, not "cannot rollback"', async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'full-sqlite-'));
		const h = await openDatabase({ dialect: 'sqlite', file: path.join(dir, 'app.sqlite') });
		handles.push(h);
		const seeded = await seed(h.db);
		const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(h.db);
		// The file may not grow any more: the next pages that are needed make it "full".
		await sql.raw(`pragma max_page_count = ${rows[0].page_count}`).execute(h.db);
		const big = 'x'.repeat(200_000);
		const failed = await h.db
			.transaction()
			.execute(async (tx) => {
				for (let i = 0; i < 5; i++) {
					await tx
						.insertInto('security_events')
						.values({
							id: `e${i}`,
							at: i,
							kind: 'model-switch',
							user_id: null,
							username: null,
							address: null,
							detail: JSON.stringify({ big })
						})
						.execute();
				}
			})
			.catch((e: unknown) => e);
		expect(failed).toMatchObject({ code: 'SQLITE_FULL' });
		expect(String((failed as Error).message)).not.toMatch(/cannot rollback/);
		expect(storageFailureOf(failed)?.code).toBe('SQLITE_FULL');
		// Bookkeeping does not fail the caller; the health check then reports it.
		expect(await validateApiKey(h.db, seeded.key)).toMatchObject({ username: 'erp' });
		await securityLog(h.db, () => {}).record({ kind: 'model-switch', detail: { big } });
		expect(await storageHealth(h)).toMatchObject({ status: 'degraded', cause: 'SQLITE_FULL' });
	});

	const postgres = testDatabases().find((d) => d.name === 'postgres');
	it.runIf(postgres)('PostgreSQL with default_transaction_read_only: same, naming PG_READ_ONLY', async () => {
		const base = await postgres!.open();
		handles.push(base);
		const seeded = await seed(base.db);
		const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(base.db);
		await sql.raw(`alter database ${rows[0].name} set default_transaction_read_only = on`).execute(base.db);
		const url = new URL(inject('postgresUrl')!);
		url.pathname = `/${rows[0].name}`;
		// A server starting now: migrating is refused, the schema is up to date, so it opens.
		const ro = await openDatabase({ dialect: 'postgres', url: url.toString() });
		handles.unshift(ro);
		await expectReadOnlyBehaviour(ro, seeded, 'PG_READ_ONLY');
		await sql
			.raw(`alter database ${rows[0].name} reset default_transaction_read_only`)
			.execute(base.db)
			.catch(() => {});
	});
});
