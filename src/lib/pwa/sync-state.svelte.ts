/**
 * Inventory sync as the page sees it: changes waiting for the server, the last run, and
 * the runs themselves (every minute, shortly after a local change, when back online).
 */
import { runSync } from '../sync/sync-engine.ts';
import { pendingChangeCount } from '../storage/inventory-store.ts';
import { getMeta } from '../storage/meta.ts';

const SYNC_EVERY_MS = 60_000;
export const SYNC_AFTER_CHANGE_MS = 1_000;

export interface SyncHooks {
	/** Online, signed in with an allowed role, session not expired. */
	canSync(): boolean;
	onError(error: unknown): void;
	/** After each run, whatever its outcome (the app refreshes its counts). */
	afterRun(): Promise<void>;
}

export class SyncState {
	#pending = $state<number | null>(null);
	#running = $state(false);
	#lastSyncAt = $state<string | null>(null);
	#notice = $state<string | null>(null);
	#revision = $state(0);
	readonly #hooks: SyncHooks;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#run: Promise<void> | null = null;

	constructor(hooks: SyncHooks) {
		this.#hooks = hooks;
	}

	/** Outbox entries waiting for the server; null until read from IndexedDB. */
	get pending(): number | null {
		return this.#pending;
	}

	get running(): boolean {
		return this.#running;
	}

	get lastSyncAt(): string | null {
		return this.#lastSyncAt;
	}

	/** The last sync problem or notice, for the status area. */
	get notice(): string | null {
		return this.#notice;
	}

	/** Bumped whenever the inventory changed underneath the page (sync pulled records). */
	get revision(): number {
		return this.#revision;
	}

	notify(message: string | null): void {
		this.#notice = message;
	}

	/** Re-read the counts from IndexedDB (throws what storage throws). */
	async refresh(): Promise<void> {
		this.#pending = await pendingChangeCount();
		this.#lastSyncAt = (await getMeta('lastSyncAt')) ?? null;
	}

	soon(ms: number): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.now();
		}, ms);
	}

	/** One sync run now (joins a running one); reschedules itself. */
	now(): Promise<void> {
		if (!this.#hooks.canSync()) return Promise.resolve();
		this.#run ??= this.#sync().finally(() => {
			this.#run = null;
			this.soon(SYNC_EVERY_MS);
		});
		return this.#run;
	}

	async #sync(): Promise<void> {
		this.#running = true;
		try {
			const report = await runSync();
			this.#notice = report.overwritten.length
				? `${report.overwritten.length} of your edits lost to a later edit on another device; the newer version is shown.`
				: null;
			if (report.pulled > 0 || report.overwritten.length > 0 || report.pushed > 0) this.#revision++;
		} catch (error) {
			this.#hooks.onError(error);
		} finally {
			this.#running = false;
			await this.#hooks.afterRun();
		}
	}
}
