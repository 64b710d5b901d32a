/**
 * Telemetry as the page sees it: events from the inference worker go to the IndexedDB
 * queue at once and are sent later (telemetry/queue.ts); counts for the status area;
 * overrides reported against the prediction they correct.
 */
import type { TelemetryEventInput } from '../telemetry/event.ts';
import { overrideEvent, type EventSource } from '../telemetry/factory.ts';
import { TelemetryQueue } from '../telemetry/queue.ts';
import { markOverridden, queuedEventCount } from '../storage/telemetry-store.ts';
import { getMeta } from '../storage/meta.ts';
import type { InventoryItem } from '../storage/schema.ts';

export interface TelemetryHooks {
	isOnline(): boolean;
	onError(error: unknown): void;
	/** Events were queued or sent (the app refreshes its counts). */
	changed(): void;
	/** App version and the backend serving now, for events built on the page. */
	source(): EventSource;
	/** Whether this device's events are collected: only technicians' (the server refuses the rest with 403). */
	collects(): boolean;
}

export class TelemetryState {
	#queued = $state<number | null>(null);
	#rejected = $state(0);
	readonly #hooks: TelemetryHooks;
	readonly #queue: TelemetryQueue;

	constructor(hooks: TelemetryHooks) {
		this.#hooks = hooks;
		this.#queue = new TelemetryQueue({ onQueued: hooks.changed, onFlushed: hooks.changed, onError: hooks.onError }, hooks.isOnline);
	}

	/** Events waiting to be sent; null until read from IndexedDB. */
	get queued(): number | null {
		return this.#queued;
	}

	/** Events the server refused as invalid (dropped, counted). */
	get rejected(): number {
		return this.#rejected;
	}

	/** Re-read the counts from IndexedDB (throws what storage throws). */
	async refresh(): Promise<void> {
		this.#queued = await queuedEventCount();
		this.#rejected = (await getMeta('telemetryRejected')) ?? 0;
	}

	/** Events from the inference worker: stored now, sent later. */
	accept(events: TelemetryEventInput[]): void {
		if (this.#hooks.collects()) this.#queue.enqueue(events).catch((error) => this.#hooks.onError(error));
		// Also announced on window, for diagnostics and the inference e2e specs.
		window.dispatchEvent(new CustomEvent('inference-telemetry', { detail: events }));
	}

	flushSoon(): void {
		this.#queue.schedule(0);
	}

	/** After a new sign-in (a 401 stops sending until then). */
	resume(): void {
		this.#queue.resume();
	}

	/**
	 * Report an override: amend the prediction's queued telemetry event, or, when it
	 * already left the device, send a separate event marked overridden.
	 */
	async reportOverride(item: InventoryItem, overrideLabel: 0 | 1 | null): Promise<void> {
		if (!this.#hooks.collects()) return;
		try {
			if (item.eventId && (await markOverridden(item.eventId, overrideLabel))) return;
			if (overrideLabel === null) return;
			const { modelVersion: model, label, probability, tokenCount, oovCount } = item;
			const event = overrideEvent(this.#hooks.source(), { model, label, probability, tokenCount, oovCount }, overrideLabel);
			await this.#queue.enqueue([event]);
		} catch (error) {
			this.#hooks.onError(error);
		}
	}
}
