import { describe, expect, it } from 'vitest';
import { memoryLimiter } from '#lib/server/shared-rate-limit.ts';
import { ExplainLimits } from './explain-limits.ts';

const budget = (limit: number) => memoryLimiter({ name: 'explain-test', limit, windowMs: 60_000 });

/** An explanation that takes a few event-loop turns, recording when each one started. */
function recorder() {
	const started: string[] = [];
	return {
		started,
		explain: (key: string) => async (text: string) => {
			started.push(`${key}:${text}`);
			for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
			return text.length;
		}
	};
}

describe('explain cost limits', () => {
	it("serves another key's request between a flooding key's descriptions", async () => {
		const limits = new ExplainLimits(budget(1_000_000), { concurrency: 1, requestsPerKey: 2 });
		const { started, explain } = recorder();
		const flood = Array.from({ length: 50 }, (_, i) => `flood text ${i}`);
		const a1 = await limits.admit('A', 1000);
		const a2 = await limits.admit('A', 1000);
		expect(a1.ok && a2.ok).toBe(true);
		// A third request of the same key while two are running: refused at once.
		const a3 = await limits.admit('A', 1000);
		expect(a3).toMatchObject({ ok: false, status: 429 });
		const order: string[] = [];
		const floods = [limits.explainAll('A', flood, explain('A')), limits.explainAll('A', flood, explain('A'))].map((p, i) =>
			p.then(() => order.push(`A${i}`))
		);
		const b = await limits.admit('B', 20);
		expect(b.ok).toBe(true);
		const served = limits.explainAll('B', ['steel 1990', 'plastic 2001'], explain('B')).then((r) => (order.push('B'), r));
		expect(await served).toEqual([10, 12]);
		await Promise.all(floods);
		// B finished first, and each of its descriptions waited for at most a couple of the flood's.
		expect(order[0]).toBe('B');
		const bTurns = started.flatMap((s, i) => (s.startsWith('B:') ? [i] : []));
		expect(bTurns[0]).toBeLessThanOrEqual(3);
		expect(bTurns[1] - bTurns[0]).toBeLessThanOrEqual(3);
		expect(started).toHaveLength(102);
	});

	it('refuses with Retry-After once a key has spent its characters for the minute, other keys unaffected', async () => {
		const limits = new ExplainLimits(budget(5000));
		const first = await limits.admit('A', 4000);
		expect(first.ok).toBe(true);
		if (first.ok) first.release();
		const second = await limits.admit('A', 4000);
		expect(second).toMatchObject({ ok: false, status: 429 });
		expect(!second.ok && second.retryAfterSeconds).toBeGreaterThan(0);
		expect((await limits.admit('B', 4000)).ok).toBe(true);
	});

	it('bounds explain requests in progress over all keys', async () => {
		const limits = new ExplainLimits(budget(1_000_000), { requestsPerKey: 2, requestsTotal: 3 });
		const admitted = [await limits.admit('A', 1), await limits.admit('B', 1), await limits.admit('C', 1)];
		expect(admitted.every((a) => a.ok)).toBe(true);
		expect(await limits.admit('D', 1)).toMatchObject({ ok: false, status: 429 });
		const [a] = admitted;
		if (a.ok) a.release();
		expect((await limits.admit('D', 1)).ok).toBe(true);
	});
});
