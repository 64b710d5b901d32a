import { describe, expect, it } from 'vitest';
import { maxAbsDiff, timeInterleaved, type Contender, type EncodedInput } from './contenders.ts';

const input: EncodedInput = { features: new Float32Array(4), mask: new Float32Array(2), batch: 2, tokens: 1, dim: 2 };

function recorder(name: string, calls: string[]): Contender {
	return {
		runtime: name,
		backend: 'test',
		threads: 1,
		async run() {
			calls.push(name);
			return new Float32Array(2);
		}
	};
}

describe('timeInterleaved', () => {
	it('gives every contender the same number of timed runs, alternating who goes first', async () => {
		const calls: string[] = [];
		const results = await timeInterleaved([recorder('a', calls), recorder('b', calls)], [input], { warmup: 1, runs: 4, maxMs: 60_000 });
		expect(results.map((r) => [r.runtime, r.runs, r.batch])).toEqual([
			['a', 4, 2],
			['b', 4, 2]
		]);
		// Warm-up a, b; then rounds a b | b a | a b | b a.
		expect(calls).toEqual(['a', 'b', 'a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
	});
});

describe('maxAbsDiff', () => {
	it('is the largest difference, infinite for NaN or a length mismatch', () => {
		expect(maxAbsDiff(Float32Array.of(0.5, 0.25), Float32Array.of(0.5, 0.5))).toBe(0.25);
		expect(maxAbsDiff(Float32Array.of(0.5), Float32Array.of(Number.NaN))).toBe(Infinity);
		expect(maxAbsDiff(Float32Array.of(0.5), Float32Array.of(0.5, 0.5))).toBe(Infinity);
	});
});
