import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import { predictionEvent } from '#tests/support/telemetry-events.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { batchEvents, storeEvents, TelemetryBatchError, validateEvents } from './ingest.ts';

describe('telemetry batch validation', () => {
	it('names the first bad event and field', () => {
		const events = [predictionEvent(), predictionEvent({ probability: 1.5 })];
		expect(() => validateEvents(events)).toThrow(/events\[1\]\.probability/);
	});

	it('refuses fields that could identify someone', () => {
		const withUser = { ...predictionEvent(), userId: 'alice' };
		expect(() => validateEvents([withUser])).toThrow(/userId/);
		const withText = { ...predictionEvent(), text: 'Steel component from 1990' };
		expect(() => validateEvents([withText])).toThrow(TelemetryBatchError);
	});

	it('accepts model-error events with an error code instead of a prediction', () => {
		const { eventId, time, appVersion, modelVersion, backend, threads, latencyMs } = predictionEvent();
		const failure = {
			eventId,
			time,
			appVersion,
			modelVersion,
			backend,
			threads,
			latencyMs,
			kind: 'model-error',
			errorCode: 'BUNDLE_INTEGRITY'
		};
		const [e] = validateEvents([failure]);
		expect(() => validateEvents([{ ...failure, errorCode: 'Could not load model: 404' }])).toThrow(/errorCode/);
		expect(e.kind).toBe('model-error');
	});

	it('caps batches at 500 events', () => {
		const many = Array.from({ length: 501 }, () => predictionEvent());
		expect(() => batchEvents({ events: many })).toThrow(expect.objectContaining({ code: 'BATCH_TOO_LARGE' }));
		expect(() => batchEvents({ events: [] })).toThrow(expect.objectContaining({ code: 'BATCH_INVALID' }));
		expect(() => batchEvents([predictionEvent()])).toThrow(expect.objectContaining({ code: 'BATCH_INVALID' }));
	});
});

describe.each(testDatabases())('telemetry storage on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	it('stores each event id once, however often it is sent', async () => {
		handle = await open();
		const first = validateEvents([predictionEvent(), predictionEvent()]);
		expect(await storeEvents(handle.db, first)).toEqual({ accepted: 2, duplicates: 0 });
		const again = validateEvents([...first, predictionEvent(), predictionEvent({ eventId: first[0].eventId })]);
		expect(await storeEvents(handle.db, again)).toEqual({ accepted: 1, duplicates: 3 });
		const { n } = await handle.db
			.selectFrom('telemetry_events')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(n)).toBe(3);
	});

	it('keeps shadow verdicts and overrides, and nothing about the user', async () => {
		handle = await open();
		const [e] = validateEvents([
			predictionEvent({ overridden: true, overrideLabel: 0, shadow: { modelVersion: 'v2', label: 0, probability: 0.3 } })
		]);
		await storeEvents(handle.db, [e]);
		const row = await handle.db.selectFrom('telemetry_events').selectAll().executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			event_id: e.eventId,
			overridden: 1,
			override_label: 0,
			shadow_model_version: 'v2',
			shadow_label: 0,
			time: Date.parse(e.time)
		});
		expect(Object.keys(row).some((k) => /user|device|ip|address|text|description/.test(k))).toBe(false);
	});
});
