/** Telemetry events waiting to be sent, oldest first; deleted only after the server took them. */
import type { TelemetryEventInput } from '../telemetry/event.ts';
import { appDb } from './database.ts';
import { guardQuota } from './errors.ts';
import type { QueuedEvent } from './schema.ts';

export async function queueEvents(events: TelemetryEventInput[]): Promise<void> {
	if (events.length === 0) return;
	const db = await appDb();
	await guardQuota(`${events.length} telemetry event(s)`, async () => {
		const tx = db.transaction('telemetry', 'readwrite');
		const now = Date.now();
		for (const event of events) void tx.store.put({ eventId: event.eventId, event, queuedAt: now });
		await tx.done;
	});
}

export async function oldestEvents(max: number): Promise<QueuedEvent[]> {
	return (await appDb()).getAllFromIndex('telemetry', 'by-queued', null, max);
}

export async function deleteEvents(eventIds: string[]): Promise<void> {
	const db = await appDb();
	const tx = db.transaction('telemetry', 'readwrite');
	for (const id of eventIds) void tx.store.delete(id);
	await tx.done;
}

export async function queuedEventCount(): Promise<number> {
	return (await appDb()).count('telemetry');
}

/**
 * Marks a still-queued prediction as overridden. Returns false when the event already
 * left the device (the caller then sends a separate override event).
 */
export async function markOverridden(eventId: string, overrideLabel: 0 | 1 | null): Promise<boolean> {
	const db = await appDb();
	const tx = db.transaction('telemetry', 'readwrite');
	const queued = await tx.store.get(eventId);
	if (!queued || queued.event.kind === 'model-error' || queued.event.kind === 'rescan') {
		await tx.done;
		return false;
	}
	queued.event = { ...queued.event, overridden: overrideLabel !== null, overrideLabel };
	await tx.store.put(queued);
	await tx.done;
	return true;
}
