import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('background work (the re-scan) never blocks classifying', () => {
	it('runs a background batch only when no interactive work waits, and lets new interactive work go first', async () => {
		const queue = new WorkQueue();
		const order: string[] = [];
		let release!: () => void;
		const interactive = queue.run(1, () => new Promise<void>((resolve) => (release = resolve)).then(() => void order.push('classify 1')));
		const background = queue.runBackground(32, async () => void order.push('rescan batch'));
		await tick();
		// Another description typed while the first runs: it goes before the waiting batch.
		const second = queue.run(1, async () => void order.push('classify 2'));
		release();
		await Promise.all([interactive, background, second]);
		expect(order).toEqual(['classify 1', 'classify 2', 'rescan batch']);
	});

	it('runs background work at once when the queue is idle', async () => {
		const queue = new WorkQueue();
		await expect(queue.runBackground(1, async () => 'done')).resolves.toBe('done');
		expect(queue.queued).toBe(0);
	});
});
