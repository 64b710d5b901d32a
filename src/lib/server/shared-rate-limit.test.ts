import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import type { DatabaseHandle } from './db/connect.ts';
import { DatabaseRateLimiter, deleteFullBuckets } from './shared-rate-limit.ts';

describe.each(testDatabases())('rate limits in the database on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	it('two limiters on one database (two servers) share the budget and refill it', async () => {
		handle = await open();
		let now = 1_000_000;
		const options = { name: 'telemetry', limit: 600, windowMs: 60_000, now: () => now };
		const [a, b] = [new DatabaseRateLimiter(handle.db, options), new DatabaseRateLimiter(handle.db, options)];
		expect(await a.consume('device-a', 500)).toEqual({ ok: true });
		expect(await b.consume('device-a', 500)).toEqual({ ok: false, retryAfterSeconds: 40 });
		expect(await b.consume('device-b', 500)).toEqual({ ok: true });
		// Another limit on the same key counts apart.
		expect(await new DatabaseRateLimiter(handle.db, { ...options, name: 'classify' }).consume('device-a', 500)).toEqual({ ok: true });
		now += 40_000;
		expect(await b.check('device-a', 500)).toEqual({ ok: true });
		expect(await b.consume('device-a', 500)).toEqual({ ok: true });
		await a.reset('device-a');
		expect(await a.check('device-a', 600)).toEqual({ ok: true });
	});

	it('stores no key in clear and sweeps buckets that refilled', async () => {
		handle = await open();
		let now = 0;
		const limiter = new DatabaseRateLimiter(handle.db, { name: 'sign-in-ip', limit: 5, windowMs: 60_000, now: () => now });
		await limiter.consume('10.1.2.3', 5);
		const rows = await handle.db.selectFrom('rate_limits').select('key').execute();
		expect(rows).toHaveLength(1);
		expect(rows[0].key).toMatch(/^[0-9a-f]{64}$/);
		await deleteFullBuckets(handle.db, (now += 59_000));
		expect(await handle.db.selectFrom('rate_limits').select('key').execute()).toHaveLength(1);
		await deleteFullBuckets(handle.db, (now += 1_000));
		expect(await handle.db.selectFrom('rate_limits').select('key').execute()).toHaveLength(0);
	});
});
