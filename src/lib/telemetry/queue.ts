/**
 * Client-side telemetry queue: events from the inference engine go to IndexedDB at once
 * (they survive reloads and offline days) and are flushed when online, with exponential
 * backoff after failures. One instance per page (see pwa/telemetry-state.svelte.ts).
 */
import type { TelemetryEventInput } from './event.ts';
import { flushTelemetry, type FlushReport, type TelemetryStorage } from './flush.ts';
import { backoffDelay } from './backoff.ts';
import { RemoteError } from '../network/remote-error.ts';
import { deleteEvents, oldestEvents, queueEvents } from '../storage/telemetry-store.ts';
import { deviceId, getMeta, setMeta } from '../storage/meta.ts';

export const idbTelemetryStorage: TelemetryStorage = {
	oldest: oldestEvents,
	remove: deleteEvents,
	async noteRejected(count) {
		await setMeta('telemetryRejected', ((await getMeta('telemetryRejected')) ?? 0) + count);
	},
	deviceId
};

export interface QueueListener {
	onQueued?(): void;
	onFlushed?(report: FlushReport): void;
	onError?(error: unknown): void;
}

/** Wait this long after an event before sending, so one batch carries a burst of events. */
const SETTLE_MS = 5_000;

export class TelemetryQueue {
	#attempt = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#flushing: Promise<void> | null = null;
	#listener: QueueListener;
	#isOnline: () => boolean;
	#blocked = false;

	constructor(listener: QueueListener = {}, isOnline: () => boolean = () => navigator.onLine) {
		this.#listener = listener;
		this.#isOnline = isOnline;
	}

	/** Store events now (throws StorageError STORAGE_FULL when the disk is full); send later. */
	async enqueue(events: TelemetryEventInput[]): Promise<void> {
		await queueEvents(events);
		this.#listener.onQueued?.();
		this.schedule(SETTLE_MS);
	}

	/** Plan a flush in `ms` unless one is planned sooner. */
	schedule(ms: number): void {
		if (this.#timer !== null || this.#blocked) return;
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.flush();
		}, ms);
	}

	/** After sign-in again (401 stops flushing until then). */
	resume(): void {
		this.#blocked = false;
		this.#attempt = 0;
		this.schedule(0);
	}

	flush(): Promise<void> {
		if (!this.#isOnline() || this.#blocked) return Promise.resolve();
		this.#flushing ??= this.#run().finally(() => (this.#flushing = null));
		return this.#flushing;
	}

	async #run(): Promise<void> {
		try {
			const report = await flushTelemetry(idbTelemetryStorage);
			this.#attempt = 0;
			this.#listener.onFlushed?.(report);
		} catch (error) {
			this.#listener.onError?.(error);
			if (error instanceof RemoteError && (error.code === 'SESSION_EXPIRED' || error.code === 'FORBIDDEN')) {
				this.#blocked = true;
				return;
			}
			this.#attempt++;
			const wait = error instanceof RemoteError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : backoffDelay(this.#attempt);
			this.schedule(wait);
		}
	}

	stop(): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
	}
}
