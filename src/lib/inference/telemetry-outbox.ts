/**
 * The worker's telemetry outbox: events go to the page's sink as they happen; while no
 * sink is attached they wait in a bounded buffer (oldest dropped first).
 */
import type { TelemetryEventInput } from '../telemetry/event.ts';
import type { TelemetryCallback } from './protocol.ts';

/** Telemetry events kept while no sink is attached (oldest dropped first). */
const MAX_BUFFERED_EVENTS = 5000;
/** Last events kept for diagnostics (recent()), whatever the sink does with them. */
const RECENT_EVENTS = 100;

export class TelemetryOutbox {
	#sink: TelemetryCallback | null = null;
	#buffer: TelemetryEventInput[] = [];
	#recent: TelemetryEventInput[] = [];

	setSink(sink: TelemetryCallback | null): void {
		this.#sink = sink;
		if (sink && this.#buffer.length > 0) this.#flush();
	}

	/** Takes the events buffered while no sink was attached. */
	drain(): TelemetryEventInput[] {
		const events = this.#buffer;
		this.#buffer = [];
		return events;
	}

	/** The last events emitted (sent to the sink or not), newest last: for DevTools and tests. */
	recent(): TelemetryEventInput[] {
		return [...this.#recent];
	}

	emit(events: TelemetryEventInput[]): void {
		this.#recent.push(...events);
		if (this.#recent.length > RECENT_EVENTS) this.#recent.splice(0, this.#recent.length - RECENT_EVENTS);
		this.#buffer.push(...events);
		if (this.#buffer.length > MAX_BUFFERED_EVENTS) this.#buffer.splice(0, this.#buffer.length - MAX_BUFFERED_EVENTS);
		if (this.#sink) this.#flush();
	}

	#flush(): void {
		const events = this.drain();
		// A page that went away must not break inference; the events are then lost, like the page.
		Promise.resolve(this.#sink?.(events)).catch(() => {});
	}
}
