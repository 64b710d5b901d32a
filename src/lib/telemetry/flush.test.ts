import { describe, expect, it } from 'vitest';
import { flushTelemetry, type TelemetryStorage } from './flush.ts';
import { DEVICE_ID_HEADER, MAX_EVENTS_PER_BATCH, type TelemetryEventInput } from './event.ts';
import { RemoteError } from '../network/remote-error.ts';
import type { QueuedEvent } from '../storage/schema.ts';

function event(i: number): TelemetryEventInput {
	return {
		eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
		time: new Date(0).toISOString(),
		appVersion: 't',
		modelVersion: 'm',
		backend: 'wasm',
		threads: 1,
		latencyMs: 1,
		label: 0,
		probability: 0.1,
		tokenCount: 3,
		oovCount: 0,
		overridden: false,
		overrideLabel: null,
		shadow: null
	};
}

function memoryStorage(count: number) {
	const queue: QueuedEvent[] = Array.from({ length: count }, (_, i) => ({ eventId: event(i).eventId, event: event(i), queuedAt: i }));
	let rejected = 0;
	const storage: TelemetryStorage = {
		oldest: async (max) => queue.slice(0, max),
		remove: async (ids) => {
			for (const id of ids)
				queue.splice(
					queue.findIndex((q) => q.eventId === id),
					1
				);
		},
		noteRejected: async (n) => void (rejected += n),
		deviceId: async () => 'device-123456'
	};
	return { queue, storage, rejected: () => rejected };
}

type Reply = (body: { events: TelemetryEventInput[] }) => Response;
function server(reply: Reply) {
	const batches: number[] = [];
	const headers: string[] = [];
	const fetch = async (_url: string, init: RequestInit) => {
		const body = JSON.parse(String(init.body));
		batches.push(body.events.length);
		headers.push(new Headers(init.headers).get(DEVICE_ID_HEADER) ?? '');
		return reply(body);
	};
	return { fetch, batches, headers };
}

const ok: Reply = (b) => Response.json({ accepted: b.events.length, duplicates: 0 });

describe('telemetry flush', () => {
	it('sends everything in batches no bigger than the server allows, with the device id', async () => {
		const m = memoryStorage(MAX_EVENTS_PER_BATCH * 2 + 7);
		const s = server(ok);
		const report = await flushTelemetry(m.storage, { fetch: s.fetch });
		expect(report.sent).toBe(MAX_EVENTS_PER_BATCH * 2 + 7);
		expect(Math.max(...s.batches)).toBeLessThanOrEqual(MAX_EVENTS_PER_BATCH);
		expect(m.queue).toHaveLength(0);
		expect(new Set(s.headers)).toEqual(new Set(['device-123456']));
	});

	it('keeps every event when the server fails or the session expired', async () => {
		for (const status of [500, 401]) {
			const m = memoryStorage(10);
			const s = server(() => Response.json({ message: 'no' }, { status }));
			await expect(flushTelemetry(m.storage, { fetch: s.fetch })).rejects.toBeInstanceOf(RemoteError);
			expect(m.queue).toHaveLength(10);
		}
	});

	it('keeps every event when the network is down', async () => {
		const m = memoryStorage(3);
		const fetch = async () => {
			throw new TypeError('Failed to fetch');
		};
		await expect(flushTelemetry(m.storage, { fetch })).rejects.toMatchObject({ code: 'OFFLINE' });
		expect(m.queue).toHaveLength(3);
	});

	it('drops only the event the server names as invalid, counts it, and sends the rest', async () => {
		const m = memoryStorage(5);
		const bad = event(2).eventId;
		const s = server((b) => {
			const i = b.events.findIndex((e) => e.eventId === bad);
			return i >= 0 ? Response.json({ message: `events[${i}].probability: Too big`, rejected: [i] }, { status: 400 }) : ok(b);
		});
		const report = await flushTelemetry(m.storage, { fetch: s.fetch });
		expect(report).toMatchObject({ sent: 4, rejected: 1 });
		expect(m.rejected()).toBe(1);
		expect(m.queue).toHaveLength(0);
	});

	it('splits a batch the server finds too large', async () => {
		const m = memoryStorage(40);
		const s = server((b) => (b.events.length > 10 ? new Response('too big', { status: 413 }) : ok(b)));
		const report = await flushTelemetry(m.storage, { fetch: s.fetch, batchSize: 40 });
		expect(report.sent).toBe(40);
		expect(m.queue).toHaveLength(0);
	});
});
