/**
 * Several app servers on one PostgreSQL: two real server.js processes (the built app)
 * share sessions, sign-in throttling and the telemetry rate limit through the database,
 * and a champion switch in their shared models folder reaches both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { freePort } from '#scripts/lib/free-port.ts';
import { spawnAppServer, waitForAppServer, type AppServer } from '#tests/support/app-server.ts';
import { startPostgres, type PostgresCluster } from '#tests/support/postgres.ts';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';
import { TEST_USERS } from '#tests/support/users.ts';

const EVENTS_PER_MINUTE = 100;
const FAILURES_PER_USER = 3;

let cluster: PostgresCluster;
const modelsDir = mkdtempSync(path.join(os.tmpdir(), 'two-servers-models-'));
const servers: AppServer[] = [];

async function startServer(databaseUrl: string): Promise<AppServer> {
	const server = spawnAppServer({
		port: await freePort(),
		env: {
			DATABASE_URL: databaseUrl,
			MODELS_DIR: modelsDir,
			TELEMETRY_EVENTS_PER_MINUTE: String(EVENTS_PER_MINUTE),
			LOGIN_MAX_FAILURES_PER_USER: String(FAILURES_PER_USER)
		}
	});
	await waitForAppServer(server, '/api/openapi.json', 30_000);
	return server;
}

test.beforeAll(async () => {
	test.setTimeout(120_000);
	cluster = await startPostgres();
	const url = cluster.urlFor('postgres');
	const seed = await openDatabase({ dialect: 'postgres', url });
	for (const user of Object.values(TEST_USERS)) await createUser(seed.db, user);
	await seed.close();
	await makeTinyBundle(modelsDir, { seed: 31, version: 'v1' });
	servers.push(await startServer(url), await startServer(url));
});

test.afterAll(async () => {
	await Promise.all(servers.map((s) => s.stop()));
	cluster?.stop();
	rmSync(modelsDir, { recursive: true, force: true });
});

const client = (origin: string): Promise<APIRequestContext> => playwrightRequest.newContext({ baseURL: origin });

test('a session made on one server works on the other', async () => {
	const [a, b] = [await client(servers[0].origin), await client(servers[1].origin)];
	const signedIn = await a.post('/api/session', {
		data: { username: TEST_USERS.technician.username, password: TEST_USERS.technician.password }
	});
	expect(signedIn.status()).toBe(200);
	const cookie = signedIn.headers()['set-cookie'].split(';')[0];
	const me = await b.get('/api/session', { headers: { cookie } });
	expect(me.status()).toBe(200);
	expect((await me.json()).user.username).toBe(TEST_USERS.technician.username);
	expect((await b.get('/api/session')).status()).toBe(401);
	await Promise.all([a.dispose(), b.dispose()]);
});

test('failed sign-ins on one server count on the other', async () => {
	const [a, b] = [await client(servers[0].origin), await client(servers[1].origin)];
	const { username, password } = TEST_USERS.analyst;
	for (let i = 0; i < FAILURES_PER_USER; i++) {
		const wrong = await (i % 2 ? b : a).post('/api/session', { data: { username, password: 'wrong password' } });
		expect(wrong.status()).toBe(401);
	}
	// The budget is spent across both servers: even the right password waits now.
	const locked = await b.post('/api/session', { data: { username, password } });
	expect(locked.status()).toBe(429);
	expect((await a.post('/api/session', { data: { username, password } })).status()).toBe(429);
	await Promise.all([a.dispose(), b.dispose()]);
});

test('the telemetry rate limit of a session is shared by both servers', async () => {
	const a = await client(servers[0].origin);
	const { username, password } = TEST_USERS.technician;
	expect((await a.post('/api/session', { data: { username, password } })).status()).toBe(200);
	// The same session (the cookie) on the other server: limits are per session and user, in PostgreSQL.
	const { cookies } = await a.storageState();
	const session = cookies.find((c) => c.name === 'session')!.value;
	const b = await playwrightRequest.newContext({ baseURL: servers[1].origin, extraHTTPHeaders: { cookie: `session=${session}` } });
	const batch = (n: number) => ({
		events: Array.from({ length: n }, () => ({
			eventId: crypto.randomUUID(),
			time: new Date().toISOString(),
			appVersion: '0.1.0',
			modelVersion: 'v1',
			backend: 'wasm',
			threads: 2,
			latencyMs: 3,
			label: 0,
			probability: 0.1,
			tokenCount: 8,
			oovCount: 0,
			overridden: false,
			overrideLabel: null,
			shadow: null
		}))
	});
	const headers = { 'x-device-id': 'two-servers-device-01' };
	const first = await a.post('/api/telemetry', { data: batch(60), headers });
	expect(await first.json()).toEqual({ accepted: 60, duplicates: 0 });
	// 60 of 100 spent on server A: 60 more on server B are over the shared budget.
	const second = await b.post('/api/telemetry', { data: batch(60), headers });
	expect(second.status()).toBe(429);
	expect(Number(second.headers()['retry-after'])).toBeGreaterThan(0);
	await Promise.all([a.dispose(), b.dispose()]);
});

test('a champion switch reaches both servers', async () => {
	test.setTimeout(90_000);
	const clients = [await client(servers[0].origin), await client(servers[1].origin)];
	const models = async () =>
		Promise.all(clients.map(async (c) => ((await (await c.get('/api/health')).json()) as { model?: string }).model));
	await expect.poll(models, { timeout: 30_000 }).toEqual(['v1', 'v1']);
	await makeTinyBundle(modelsDir, { seed: 32, version: 'v2' });
	await expect.poll(models, { timeout: 60_000 }).toEqual(['v2', 'v2']);
	await Promise.all(clients.map((c) => c.dispose()));
});

test('two tablets syncing through different servers converge', async () => {
	const [a, b] = [await client(servers[0].origin), await client(servers[1].origin)];
	const { username, password } = TEST_USERS.technician;
	for (const c of [a, b]) expect((await c.post('/api/session', { data: { username, password } })).status()).toBe(200);
	const record = (description: string, updatedAt: string, id: string = crypto.randomUUID()) => ({
		id,
		description,
		label: 0,
		probability: 0.1,
		modelVersion: 'v1',
		needsReview: false,
		override: null,
		createdAt: '2026-11-29T08:00:00.000Z',
		updatedAt,
		deleted: false
	});
	const sync = async (c: APIRequestContext, cursor: string | null, records: { baseVersion: number; record: unknown }[]) => {
		const res = await c.post('/api/sync', { data: { cursor, changes: records.map((r) => ({ changeId: crypto.randomUUID(), ...r })) } });
		expect(res.status(), await res.text()).toBe(200);
		return (await res.json()) as { cursor: string; changes: { id: string; description: string }[] };
	};
	const shared = record('Steel bracket from 2012, good condition', '2026-11-29T08:00:00.000Z');
	const first = await sync(a, null, [{ baseVersion: 0, record: shared }]);
	const fromB = await sync(b, null, [{ baseVersion: 0, record: record('Plastic housing from 1987, poor', '2026-11-29T08:01:00.000Z') }]);
	// Both edit the shared record from version 1, offline; B's edit is the later one.
	await sync(a, first.cursor, [
		{ baseVersion: 1, record: { ...shared, description: 'Steel bracket, edited on tablet A', updatedAt: '2026-11-29T09:00:00.000Z' } }
	]);
	await sync(b, fromB.cursor, [
		{ baseVersion: 1, record: { ...shared, description: 'Steel bracket, edited on tablet B', updatedAt: '2026-11-29T09:05:00.000Z' } }
	]);
	const view = async (c: APIRequestContext) => (await sync(c, null, [])).changes.map((r) => `${r.id} ${r.description}`).sort();
	const [onA, onB] = [await view(a), await view(b)];
	expect(onA).toEqual(onB);
	expect(onA).toHaveLength(2);
	expect(onA).toContain(`${shared.id} Steel bracket, edited on tablet B`);
	await Promise.all([a.dispose(), b.dispose()]);
});
