import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A writer that records each group it was given and refuses any group holding 'bad'. */
function recordingWriter() {
	const groups: string[][] = [];
	const write = async (jobs: string[]) => {
		groups.push(jobs);
		await new Promise((r) => setTimeout(r, 5));
		if (jobs.includes('bad')) throw new Error('refused');
		return jobs.map((j) => `${j} stored`);
	};
	return { groups, write };
}

describe('group commit', () => {
	it('writes batches that arrive during a write together, each caller getting its own result', async () => {
		const { groups, write } = recordingWriter();
		const g = new GroupCommit(write, 100);
		const results = await Promise.all(['a', 'b', 'c', 'd'].map((j) => g.submit(j, 10)));
		expect(results).toEqual(['a stored', 'b stored', 'c stored', 'd stored']);
		expect(groups).toEqual([['a'], ['b', 'c', 'd']]);
	});

	it('fails only the batch that fails when its group is retried one by one', async () => {
		const { groups, write } = recordingWriter();
		const g = new GroupCommit(write, 100);
		const settled = await Promise.allSettled(['a', 'b', 'bad', 'c'].map((j) => g.submit(j, 10)));
		expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
			'a stored',
			'b stored',
			'refused',
			'c stored'
		]);
		expect(groups).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
	});

	it('keeps a group within its size limit', async () => {
		const { groups, write } = recordingWriter();
		const g = new GroupCommit(write, 25);
		await Promise.all(['a', 'b', 'c', 'd', 'e'].map((j) => g.submit(j, 10)));
		expect(groups).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
	});
});
