import { describe, expect, it } from 'vitest';
import { delayAfter, memoryFailureStore, SignInThrottle } from './sign-in-throttle.ts';

describe('sign-in delays', () => {
	it('grow from 15 s to at most 15 minutes per account and address', () => {
		const policy = { free: 5, firstDelayMs: 15_000, maxDelayMs: 900_000 };
		expect([4, 5, 6, 7, 20].map((n) => delayAfter(n, policy))).toEqual([0, 15_000, 30_000, 60_000, 900_000]);
	});

	it('an attacker failing from many addresses slows the account by at most 30 s, never locks it', async () => {
		const throttle = new SignInThrottle(memoryFailureStore(), 5);
		const now = 1_000_000;
		for (let i = 0; i < 200; i++) await throttle.failed('admin', `10.1.${i >> 8}.${i & 255}`, now);
		const real = await throttle.check('admin', '192.168.1.20', now);
		expect(real.ok).toBe(false);
		expect(real.retryAfterSeconds).toBeLessThanOrEqual(30);
		expect((await throttle.check('admin', '192.168.1.20', now + 30_001)).ok).toBe(true);
	});
});
