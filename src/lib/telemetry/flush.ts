/**
 * Sends queued telemetry in batches of at most MAX_EVENTS_PER_BATCH, oldest first, with
 * the per-install device id header. An event leaves the queue only after a 2xx; an event
 * the server calls invalid (a 400 TelemetryRejection listing its index) is dropped and
 * counted, so one bad event cannot block the queue forever, and the count is shown to the user.
 */
import { DEVICE_ID_HEADER, MAX_EVENTS_PER_BATCH, type TelemetryIngestResult, type TelemetryRejection } from './event.ts';
import { RemoteError } from '../network/remote-error.ts';
import { postJson, type FetchLike } from '../network/post-json.ts';
import type { QueuedEvent } from '../storage/schema.ts';

export interface TelemetryStorage {
	oldest(max: number): Promise<QueuedEvent[]>;
	remove(eventIds: string[]): Promise<void>;
	/** Counts an invalid event that was dropped. */
	noteRejected(count: number): Promise<void>;
	deviceId(): Promise<string>;
}

export interface FlushReport {
	sent: number;
	duplicates: number;
	rejected: number;
}

/** The events a 400 TelemetryRejection names, or [] when the refusal names none of this batch. */
function rejectedEvents(error: RemoteError, batch: QueuedEvent[]): QueuedEvent[] {
	if (error.code !== 'REJECTED' || error.status !== 400) return [];
	const indexes = (error.body as Partial<TelemetryRejection> | null)?.rejected;
	if (!Array.isArray(indexes)) return [];
	return [...new Set(indexes)].filter((i) => Number.isInteger(i) && batch[i]).map((i) => batch[i]);
}

export async function flushTelemetry(
	storage: TelemetryStorage,
	options: { fetch?: FetchLike; batchSize?: number } = {}
): Promise<FlushReport> {
	let batchSize = Math.min(options.batchSize ?? MAX_EVENTS_PER_BATCH, MAX_EVENTS_PER_BATCH);
	const report: FlushReport = { sent: 0, duplicates: 0, rejected: 0 };
	const headers = { [DEVICE_ID_HEADER]: await storage.deviceId() };
	for (;;) {
		const batch = await storage.oldest(batchSize);
		if (batch.length === 0) return report;
		try {
			const result = await postJson<TelemetryIngestResult>(
				'/api/telemetry',
				{ events: batch.map((q) => q.event) },
				{ fetch: options.fetch, headers }
			);
			await storage.remove(batch.map((q) => q.eventId));
			report.sent += result.accepted;
			report.duplicates += result.duplicates;
		} catch (error) {
			if (!(error instanceof RemoteError)) throw error;
			if (error.code === 'TOO_LARGE' && batchSize > 1) {
				batchSize = Math.max(1, Math.floor(batchSize / 2));
				continue;
			}
			const rejected = rejectedEvents(error, batch);
			if (rejected.length === 0) throw error;
			await storage.remove(rejected.map((q) => q.eventId));
			await storage.noteRejected(rejected.length);
			report.rejected += rejected.length;
		}
	}
}
