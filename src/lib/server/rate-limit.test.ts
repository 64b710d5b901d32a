import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
	it('allows the budget, refuses beyond it with a Retry-After, and refills over time', () => {
		let now = 0;
		const limiter = new RateLimiter({ limit: 600, windowMs: 60_000, now: () => now });
		expect(limiter.consume('device-a', 500)).toEqual({ ok: true });
		const refused = limiter.consume('device-a', 500);
		expect(refused).toEqual({ ok: false, retryAfterSeconds: 40 }); // 400 missing at 10 per second
		expect(limiter.consume('device-b', 500)).toEqual({ ok: true });
		now += 40_000;
		expect(limiter.consume('device-a', 500)).toEqual({ ok: true });
	});

	it('check() does not spend, reset() restores the full budget', () => {
		const limiter = new RateLimiter({ limit: 2, windowMs: 60_000, now: () => 0 });
		limiter.consume('u', 2);
		expect(limiter.check('u').ok).toBe(false);
		limiter.reset('u');
		expect(limiter.check('u').ok).toBe(true);
		expect(limiter.check('u').ok).toBe(true);
	});

	it('a batch larger than the whole budget waits for a full refill, not forever', () => {
		let now = 0;
		const limiter = new RateLimiter({ limit: 100, windowMs: 60_000, now: () => now });
		limiter.consume('x', 100);
		expect(limiter.consume('x', 500)).toEqual({ ok: false, retryAfterSeconds: 60 });
		now += 60_000;
		expect(limiter.consume('x', 500)).toEqual({ ok: true });
		// ...and then pays for it: 400 in debt plus 1 needed = 401 units at 100 per minute.
		expect(limiter.consume('x', 1)).toEqual({ ok: false, retryAfterSeconds: 241 });
	});
});
