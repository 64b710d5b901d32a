import { describe, expect, it } from 'vitest';
import { createProgress, formatSeconds } from './progress.ts';

function fakeStream() {
	const lines: string[] = [];
	return { lines, stream: { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream };
}

describe('createProgress without a terminal', () => {
	it('prints a line every interval with rows, share done, rate and ETA from the bytes read', () => {
		let t = 0;
		const { lines, stream } = fakeStream();
		const progress = createProgress({ totalBytes: 1000, stream, interval: 5, now: () => t });
		t = 1000;
		progress.update(100, 100); // before the first interval: silent
		t = 5000;
		progress.update(500, 250);
		t = 7000;
		progress.update(700, 350); // within the next interval: silent
		t = 10_000;
		progress.update(1000, 500);
		expect(lines).toEqual(['classify: 500 rows (25%), 100 rows/s, ETA 15s\n', 'classify: 1000 rows (50%), 100 rows/s, ETA 10s\n']);
	});

	it('leaves out share and ETA when the size is unknown (stdin)', () => {
		let t = 0;
		const { lines, stream } = fakeStream();
		const progress = createProgress({ totalBytes: undefined, stream, interval: 1, now: () => t });
		t = 2000;
		progress.update(300, 0);
		expect(lines).toEqual(['classify: 300 rows, 150 rows/s\n']);
	});
});

describe('formatSeconds', () => {
	it('reads like a duration', () => {
		expect([formatSeconds(42.4), formatSeconds(125), formatSeconds(3 * 3600 + 5 * 60), formatSeconds(Infinity)]).toEqual([
			'42s',
			'2m05s',
			'3h05m',
			'?'
		]);
	});
});
