/**
 * Telemetry you can believe: only technician sessions post, budgets per session and per
 * user, implausible events rejected with a reason, and an admin's exclusion takes a
 * session's events out of the monitoring summary (which reads rollups).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import { predictionEvent } from '#tests/support/telemetry-events.ts';
import type { TelemetryEventInput } from '#lib/telemetry/event.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { createApiKey, validateApiKey } from '../auth/api-keys.ts';
import { createUser, type AuthUser } from '../auth/users.ts';
import { loadRollups } from '../monitoring/load-rollups.ts';
import { chooseBucketMs, summarize } from '../monitoring/summary.ts';
import { acceptTelemetry, type AcceptOptions } from './accept.ts';
import { excludeTelemetry, listSources, purgeExclusionData } from './exclusion.ts';
import { sessionSourceId } from './trust.ts';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const MINUTE = 60_000;
const PASSWORD = 'correct horse battery staple';

function events(n: number, overrides: Partial<Extract<TelemetryEventInput, { label: unknown }>> = {}, start = NOW - 3 * 3_600_000) {
	return Array.from({ length: n }, (_, i) => {
		const p = ((i * 37) % 100) / 100;
		return predictionEvent({
			time: new Date(start + ((i * 7 * MINUTE) % (NOW - start - MINUTE)) + (i % 5) * 1000).toISOString(),
			probability: p,
			label: p >= 0.5 ? 1 : 0,
			modelVersion: i % 3 ? 'v1' : 'v2',
			latencyMs: 3 + (i % 17),
			...overrides
		});
	});
}

/** The summary of the last 6 hours, with lastSeen (a maximum, not subtractable) dropped and floats rounded. */
async function summary(db: DatabaseHandle['db']) {
	const from = NOW - 6 * 3_600_000;
	const to = NOW;
	const bucketMs = chooseBucketMs(from, to);
	const s = summarize(await loadRollups(db, { from, to, model: null, bucketMs }), { from, to, bucketMs });
	return JSON.parse(JSON.stringify(s, (k, v) => (k === 'lastSeen' ? undefined : typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
}

describe.each(testDatabases())('telemetry trust on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());
	let users: Record<'tech' | 'tech2' | 'analyst' | 'admin', AuthUser>;

	async function setUp(perSessionPerMinute = 6000): Promise<AcceptOptions> {
		handle = await open();
		users = {
			tech: (await createUser(handle.db, { username: 'tech', role: 'technician', password: PASSWORD })).user,
			tech2: (await createUser(handle.db, { username: 'tech2', role: 'technician', password: PASSWORD })).user,
			analyst: (await createUser(handle.db, { username: 'ana', role: 'analyst', password: PASSWORD })).user,
			admin: (await createUser(handle.db, { username: 'boss', role: 'admin', password: PASSWORD })).user
		};
		return { db: handle.db, dialect: handle.dialect, perSessionPerMinute, retentionDays: 30, knownModels: new Set(['v1', 'v2']), now: NOW };
	}

	it('only technician sessions may post: analysts, admins and API keys get 403', async () => {
		const o = await setUp();
		const body = { events: events(2) };
		expect((await acceptTelemetry(o, users.analyst, 'analyst-session', body)).status).toBe(403);
		expect((await acceptTelemetry(o, users.admin, 'admin-session', body)).status).toBe(403);
		const { key } = await createApiKey(handle.db, 'tech', { scopes: ['classify', 'sync', 'read'] });
		const viaKey = await validateApiKey(handle.db, key);
		expect((await acceptTelemetry(o, viaKey!, null, body)).status).toBe(403);
		const ok = await acceptTelemetry(o, users.tech, 'tech-session', body);
		expect(ok).toMatchObject({ status: 200, body: { accepted: 2, duplicates: 0 } });
		expect(await handle.db.selectFrom('telemetry_events').select('event_id').execute()).toHaveLength(2);
	});

	it('budgets hold per session and per user, whatever the client says about its device', async () => {
		const o = await setUp(100);
		// 60 + 60 from one session: over its 100 per minute.
		expect((await acceptTelemetry(o, users.tech, 'session-1', { events: events(60) })).status).toBe(200);
		const limited = await acceptTelemetry(o, users.tech, 'session-1', { events: events(60) });
		expect(limited.status).toBe(429);
		expect(Number(limited.headers?.['retry-after'])).toBeGreaterThan(0);
		// New sessions of the same user share the user's budget (2 sessions' worth: 200).
		expect((await acceptTelemetry(o, users.tech, 'session-2', { events: events(90) })).status).toBe(200);
		expect((await acceptTelemetry(o, users.tech, 'session-3', { events: events(60) })).status).toBe(429);
		// Another user is not affected.
		expect((await acceptTelemetry(o, users.tech2, 'session-4', { events: events(60) })).status).toBe(200);
	});

	it('rejects implausible events with the index and the reason, storing nothing', async () => {
		const o = await setUp();
		const cases: [Partial<Extract<TelemetryEventInput, { label: unknown }>>, RegExp][] = [
			[{ time: new Date(NOW + 10 * MINUTE).toISOString() }, /10 minutes in the future/],
			[{ time: new Date(NOW - 31 * 86_400_000).toISOString() }, /older than the 30-day raw retention/],
			[{ modelVersion: 'invented' }, /modelVersion "invented" is not in the model registry/],
			[{ backend: 'server' }, /reserved for the server/],
			[{ tokenCount: 50_000, oovCount: 0 }, /tokenCount 50000 cannot come from a description/],
			[{ latencyMs: 500_000 }, /latencyMs 500000 is over 120 s/],
			[{ shadow: { modelVersion: 'ghost', label: 1, probability: 0.5 } }, /shadow.modelVersion "ghost"/]
		];
		for (const [bad, reason] of cases) {
			const batch = [...events(2), predictionEvent({ time: new Date(NOW - MINUTE).toISOString(), ...bad })];
			const res = await acceptTelemetry(o, users.tech, 'tech-session', { events: batch });
			expect(res.status, JSON.stringify(bad)).toBe(400);
			expect(res.body.rejected).toEqual([2]);
			expect(String(res.body.message)).toMatch(/^events\[2\]: /);
			expect(String(res.body.message)).toMatch(reason);
		}
		// A little clock skew is fine.
		const skewed = predictionEvent({ time: new Date(NOW + 2 * MINUTE).toISOString() });
		expect((await acceptTelemetry(o, users.tech, 'tech-session', { events: [skewed] })).status).toBe(200);
		expect(await handle.db.selectFrom('telemetry_events').select('event_id').execute()).toHaveLength(1);
	});

	it('excluding a session removes exactly its events from the summary (rollups included), and keeps them out', async () => {
		const o = await setUp();
		const good = events(40);
		const bad = events(30, { label: 1, probability: 0.99, modelVersion: 'v2', overridden: true, overrideLabel: 0 }, NOW - 2 * 3_600_000);
		expect((await acceptTelemetry(o, users.tech, 'good-session', { events: good })).status).toBe(200);
		expect((await acceptTelemetry(o, users.tech2, 'bad-session', { events: bad })).status).toBe(200);
		const polluted = await summary(handle.db);
		expect(polluted.totals.predictions).toBe(70);

		const badSource = sessionSourceId('bad-session');
		expect((await listSources(handle.db)).map((s) => [s.username, s.events, s.excluded])).toEqual(
			expect.arrayContaining([
				['tech', 40, false],
				['tech2', 30, false]
			])
		);
		const result = await excludeTelemetry(handle.db, { sourceId: badSource }, 'invented events', 'boss');
		expect(result).toMatchObject({ sources: 1, moved: 30 });
		expect((await listSources(handle.db)).find((s) => s.sourceId === badSource)?.excluded).toBe(true);

		// The same summary as a database that only ever received the good session's events.
		const cleaned = await summary(handle.db);
		const reference = await open();
		try {
			await createUser(reference.db, { username: 'tech', role: 'technician', password: PASSWORD });
			await acceptTelemetry({ ...o, db: reference.db, dialect: reference.dialect }, users.tech, 'good-session', { events: good });
			expect(cleaned).toEqual(await summary(reference.db));
		} finally {
			await reference.close();
		}
		expect(cleaned.totals.predictions).toBe(40);

		// Later batches from the excluded session are dropped; its old events resent by another session are not stored again.
		const later = await acceptTelemetry(o, users.tech2, 'bad-session', { events: events(5) });
		expect(later).toMatchObject({ status: 200, body: { accepted: 0, excluded: 5 } });
		const resent = await acceptTelemetry(o, users.tech2, 'other-session', { events: bad });
		expect(resent).toMatchObject({ status: 200, body: { accepted: 0, duplicates: 30 } });
		expect((await summary(handle.db)).totals.predictions).toBe(40);
		// Kept for review during the raw retention, then purged like raw events.
		expect(await purgeExclusionData(handle.db, 30, Date.now() + 29 * 86_400_000)).toBe(0);
		expect(await purgeExclusionData(handle.db, 30, Date.now() + 31 * 86_400_000)).toBe(30);
	});

	it('excluding a user covers all their sessions, including later ones', async () => {
		const o = await setUp();
		await acceptTelemetry(o, users.tech2, 'a', { events: events(10) });
		await acceptTelemetry(o, users.tech2, 'b', { events: events(10, {}, NOW - 2 * 3_600_000) });
		await acceptTelemetry(o, users.tech, 'c', { events: events(5) });
		expect(await excludeTelemetry(handle.db, { username: 'tech2' }, 'test rig', 'boss')).toMatchObject({ sources: 2, moved: 20 });
		expect((await acceptTelemetry(o, users.tech2, 'd', { events: events(3, {}, NOW - 3_600_000) })).body).toMatchObject({
			accepted: 0,
			excluded: 3
		});
		expect((await summary(handle.db)).totals.predictions).toBe(5);
		await expect(excludeTelemetry(handle.db, { username: 'nobody' }, 'x', 'boss')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
	});
});
