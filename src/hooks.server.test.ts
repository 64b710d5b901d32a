/**
 * The request pipeline (hooks.server.ts) around a real route on a real read-only
 * PostgreSQL: an API key still authenticates, reads answer 200, a write answers 503 JSON
 * naming PG_READ_ONLY (not 500). `resolve` stands in for SvelteKit: it runs the route and,
 * on an unexpected error, calls handleError and answers 500, as SvelteKit does.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { testDatabases } from '#tests/support/databases.ts';
import { changeOf, recordInput } from '#tests/support/sync-records.ts';
import type { DatabaseHandle } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { createApiKey } from '#lib/server/auth/api-keys.ts';

const postgres = testDatabases().find((d) => d.name === 'postgres');

describe.runIf(postgres)('hooks on a read-only PostgreSQL', () => {
	let base: DatabaseHandle;
	let key: string;
	let dbName: string;

	beforeAll(async () => {
		base = await postgres!.open();
		await createUser(base.db, { username: 'erp', role: 'technician', password: 'correct horse battery staple' });
		key = (await createApiKey(base.db, 'erp', { scopes: ['sync'] })).key;
		dbName = (await sql<{ name: string }>`select current_database() as name`.execute(base.db)).rows[0].name;
		await sql.raw(`alter database ${dbName} set default_transaction_read_only = on`).execute(base.db);
		const url = new URL(inject('postgresUrl')!);
		url.pathname = `/${dbName}`;
		process.env.DATABASE_URL = url.toString();
	});

	afterAll(async () => {
		const { serverContext } = await import('#lib/server/context.ts');
		await (await serverContext()).database.close();
		await base.close();
	});

	async function call(method: 'GET' | 'POST', path: string, route: (e: RequestEvent) => Promise<Response>, body?: unknown) {
		const { handle, handleError } = await import('./hooks.server.ts');
		const url = new URL(`http://app.test${path}`);
		const request = new Request(url, {
			method,
			headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined
		});
		const event = {
			request,
			url,
			locals: {},
			params: {},
			route: { id: path },
			cookies: { get: () => undefined, getAll: () => [], set() {}, delete() {}, serialize: () => '' },
			getClientAddress: () => '127.0.0.1',
			setHeaders() {},
			fetch,
			isDataRequest: false,
			isSubRequest: false,
			platform: undefined,
			tracing: undefined
		} as unknown as RequestEvent;
		return handle({
			event,
			resolve: async (e) => {
				try {
					return await route(e);
				} catch (error) {
					const status = (error as { status?: number }).status;
					if (status) return Response.json({ message: (error as { body?: { message?: string } }).body?.message }, { status });
					// SvelteKit 3: the hook's answer overrides {status: 500, message: 'Internal Error'}.
					const body = {
						status: 500,
						message: 'Internal Error',
						...((await handleError({ kind: 'unknown', error, event: e } as never)) ?? {})
					};
					return Response.json(body, { status: body.status });
				}
			}
		});
	}

	it('authenticates the key, serves reads, and answers a write with 503 naming the cause', async () => {
		const sync = await import('./routes/api/sync/+server.ts');
		const read = await call('POST', '/api/sync', sync.POST as never, { cursor: null, changes: [] });
		expect(read.status).toBe(200);
		const write = await call('POST', '/api/sync', sync.POST as never, {
			cursor: null,
			changes: [changeOf(recordInput({ description: 'Steel bracket made in 1990, good condition', label: 1, probability: 0.9 }))]
		});
		expect(write.status).toBe(503);
		expect(write.headers.get('content-type')).toContain('application/json');
		expect(await write.json()).toMatchObject({ code: 'STORAGE_UNAVAILABLE', cause: 'PG_READ_ONLY' });
		const health = await import('./routes/api/health/+server.ts');
		const report = await (await call('GET', '/api/health', health.GET as never)).json();
		expect(report.storage).toMatchObject({ status: 'degraded', cause: 'PG_READ_ONLY' });
	});
});
