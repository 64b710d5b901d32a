/** Event and change ids are UUIDs; their letter case does not make a second copy (normalised at the boundary). */
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import { predictionEvent } from '#tests/support/telemetry-events.ts';
import { changeOf, recordInput } from '#tests/support/sync-records.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { syncRequestSchema } from '../../sync/protocol.ts';
import { telemetryBatchSchema } from '../../telemetry/event.ts';
import { sync } from '../sync/sync.ts';
import { storeEvents } from '../telemetry/ingest.ts';

describe.each(testDatabases())('UUIDs in any letter case on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	it('an upper-cased resend of a change is a duplicate, and the record id is one record', async () => {
		handle = await open();
		const id = crypto.randomUUID();
		const changeId = crypto.randomUUID();
		const body = (changeCase: (s: string) => string, idCase: (s: string) => string) =>
			syncRequestSchema.parse({
				cursor: null,
				changes: [{ ...changeOf(recordInput({ id: idCase(id), label: 1, probability: 0.9 })), changeId: changeCase(changeId) }]
			});
		const upper = (s: string) => s.toUpperCase();
		const first = await sync(handle.db, body(upper, upper), 'tech');
		expect(first.results[0]).toMatchObject({ status: 'applied', id, changeId });
		const again = await sync(
			handle.db,
			body(
				(s) => s,
				(s) => s
			),
			'tech'
		);
		expect(again.results[0].status).toBe('duplicate');
		const rows = await handle.db.selectFrom('inventory').select('id').execute();
		expect(rows.map((r) => r.id)).toEqual([id]);
	});

	it('an upper-cased resend of a telemetry event is a duplicate', async () => {
		handle = await open();
		const event = predictionEvent({ time: new Date().toISOString() });
		const upper = telemetryBatchSchema.parse({ events: [{ ...event, eventId: event.eventId.toUpperCase() }] }).events;
		const lower = telemetryBatchSchema.parse({ events: [event] }).events;
		expect(await storeEvents(handle.db, upper)).toMatchObject({ accepted: 1, duplicates: 0 });
		expect(await storeEvents(handle.db, lower)).toMatchObject({ accepted: 0, duplicates: 1 });
	});
});
