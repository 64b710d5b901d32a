/**
 * App-wide state of the technician PWA (one instance per tab, created in the browser
 * only): connectivity, session, pending sync and telemetry counts, storage, the shared
 * inference worker, and whether an app update may reload the page now.
 */
import { browser, version } from '$app/env';
import { InferenceState } from '../inference/inference-state.svelte.ts';
import type { TelemetryEventInput } from '../telemetry/event.ts';
import { TelemetryQueue } from '../telemetry/queue.ts';
import { runSync } from '../sync/sync-engine.ts';
import { RemoteError, isTransient } from '../network/remote-error.ts';
import { StorageError } from '../storage/errors.ts';
import { pendingChangeCount } from '../storage/inventory-store.ts';
import { markOverridden, queuedEventCount } from '../storage/telemetry-store.ts';
import { getMeta, noteModelVersion, type ModelChange } from '../storage/meta.ts';
import type { InventoryItem } from '../storage/schema.ts';
import { APP_ROLES, checkSession, type SessionCheck } from './session.ts';

const SYNC_EVERY_MS = 60_000;
const SYNC_AFTER_CHANGE_MS = 1_000;

/** How long a first visit waits for the service worker's precache before loading the model anyway. */
const PRECACHE_WAIT_MS = 60_000;

/**
 * First visit: the service worker is installing and precaching onnxruntime's 14 MB WASM.
 * Starting the inference worker now would download the same file a second time in
 * parallel (measured by `npm run bench`), so wait until the service worker is active;
 * the worker then gets the file from the HTTP cache. Bounded, so a service worker that
 * never installs only costs the old double download, never a stuck app.
 */
async function precacheSettled(): Promise<void> {
	if (!('serviceWorker' in navigator) || navigator.serviceWorker.controller) return;
	const registration = await navigator.serviceWorker.getRegistration().catch(() => undefined);
	if (!registration || registration.active) return;
	let timer: ReturnType<typeof setTimeout> | undefined;
	await Promise.race([navigator.serviceWorker.ready, new Promise((resolve) => (timer = setTimeout(resolve, PRECACHE_WAIT_MS)))]);
	clearTimeout(timer);
}

export class AppState {
	online = $state(true);
	session = $state<SessionCheck | null>(null);
	/** A 401 from sync or telemetry: the user must sign in again (queued work is kept). */
	sessionExpired = $state(false);
	/** Outbox entries waiting for the server; null until read from IndexedDB. */
	pendingSync = $state<number | null>(null);
	/** Telemetry events waiting to be sent; null until read from IndexedDB. */
	queuedTelemetry = $state<number | null>(null);
	telemetryRejected = $state(0);
	syncing = $state(false);
	lastSyncAt = $state<string | null>(null);
	/** The last sync problem or notice, for the status area. */
	syncNotice = $state<string | null>(null);
	/** Set when the device storage is full; cleared by the next successful write. */
	storageError = $state<string | null>(null);
	storageUsage = $state<{ usage: number; quota: number } | null>(null);
	modelHistory = $state<ModelChange[]>([]);
	/** A bulk scan is classifying or saving: no reload now. */
	bulkRunning = $state(false);
	/** Bumped whenever the inventory changed underneath the page (sync pulled records). */
	inventoryRevision = $state(0);

	readonly inference = new InferenceState();
	readonly telemetry: TelemetryQueue;
	#started: Promise<void> | null = null;
	#syncTimer: ReturnType<typeof setTimeout> | null = null;
	#syncing: Promise<void> | null = null;

	constructor() {
		this.telemetry = new TelemetryQueue(
			{
				onQueued: () => void this.refreshCounts(),
				onFlushed: () => void this.refreshCounts(),
				onError: (error) => this.handleError(error)
			},
			() => this.online
		);
	}

	get user() {
		return this.session?.kind === 'signed-in' ? this.session.user : null;
	}

	/** Signed in (or known offline) with a role that may use this app. */
	get allowed(): boolean {
		return !!this.user && APP_ROLES.includes(this.user.role);
	}

	/** Why an app update must not reload the page right now, or null. */
	get reloadBlocker(): string | null {
		if (this.bulkRunning) return 'A bulk scan is running: the update waits until it has finished.';
		if (this.pendingSync === null) return 'Checking for unsynced changes…';
		if (this.pendingSync > 0) {
			return `${this.pendingSync} change${this.pendingSync === 1 ? '' : 's'} not synced yet: the update waits until ${this.pendingSync === 1 ? 'it reaches' : 'they reach'} the server${this.online ? '' : ' (you are offline)'}.`;
		}
		return null;
	}

	start(): Promise<void> {
		this.#started ??= this.#start();
		return this.#started;
	}

	async #start(): Promise<void> {
		this.online = navigator.onLine;
		addEventListener('online', () => {
			this.online = true;
			void this.recheckSession().then(() => this.syncSoon(0));
			this.telemetry.schedule(0);
			void this.inference.load().then(() => this.#noteModel());
		});
		addEventListener('offline', () => (this.online = false));
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') this.syncSoon(0);
		});
		await this.recheckSession();
		await this.refreshCounts();
		this.modelHistory = (await getMeta('modelHistory')) ?? [];
		if (!this.allowed) return;
		await precacheSettled();
		this.inferenceApi().then(
			() => this.#noteModel(),
			() => {}
		);
		this.syncSoon(0);
		this.telemetry.schedule(0);
	}

	async recheckSession(): Promise<void> {
		this.session = await checkSession();
		if (this.session.kind === 'signed-in' && !this.session.offline && this.sessionExpired) {
			this.sessionExpired = false;
			this.telemetry.resume();
		}
		if (this.session.kind === 'signed-in' && !this.session.offline) this.sessionExpired = false;
	}

	#onTelemetry(events: TelemetryEventInput[]): void {
		this.telemetry.enqueue(events).catch((error) => this.handleError(error));
		// Also announced on window, for diagnostics and the inference e2e specs.
		window.dispatchEvent(new CustomEvent('inference-telemetry', { detail: events }));
	}

	/** The inference worker's API once the model is loaded (for bulk jobs). */
	inferenceApi() {
		return this.inference.start({ appVersion: version }, (events) => this.#onTelemetry(events));
	}

	/** Ask the server for a newer model (the engine verifies and self-tests it before switching). */
	async checkForModelUpdate(): Promise<void> {
		await this.inference.load();
		await this.#noteModel();
		await this.refreshCounts();
	}

	async #noteModel(): Promise<void> {
		await this.inference.refreshStatus().catch(() => {});
		const active = this.inference.status?.active;
		if (active) this.modelHistory = await noteModelVersion(active);
	}

	async refreshCounts(): Promise<void> {
		try {
			[this.pendingSync, this.queuedTelemetry] = await Promise.all([pendingChangeCount(), queuedEventCount()]);
			this.telemetryRejected = (await getMeta('telemetryRejected')) ?? 0;
			this.lastSyncAt = (await getMeta('lastSyncAt')) ?? null;
			const estimate = await navigator.storage?.estimate?.();
			if (estimate?.usage !== undefined && estimate.quota !== undefined)
				this.storageUsage = { usage: estimate.usage, quota: estimate.quota };
		} catch (error) {
			this.handleError(error);
		}
	}

	/** After a local save or delete: show the new count, sync shortly. */
	inventoryChanged(): void {
		this.storageError = null;
		void this.refreshCounts();
		this.syncSoon(SYNC_AFTER_CHANGE_MS);
	}

	syncSoon(ms: number): void {
		if (this.#syncTimer !== null) clearTimeout(this.#syncTimer);
		this.#syncTimer = setTimeout(() => {
			this.#syncTimer = null;
			void this.syncNow();
		}, ms);
	}

	/** One sync run now (joins a running one); reschedules itself. */
	syncNow(): Promise<void> {
		if (!this.online || !this.allowed || this.sessionExpired) return Promise.resolve();
		this.#syncing ??= this.#sync().finally(() => {
			this.#syncing = null;
			this.syncSoon(SYNC_EVERY_MS);
		});
		return this.#syncing;
	}

	async #sync(): Promise<void> {
		this.syncing = true;
		try {
			const report = await runSync();
			this.syncNotice = report.overwritten.length
				? `${report.overwritten.length} of your edits lost to a later edit on another device; the newer version is shown.`
				: null;
			if (report.pulled > 0 || report.overwritten.length > 0 || report.pushed > 0) this.inventoryRevision++;
		} catch (error) {
			this.handleError(error);
		} finally {
			this.syncing = false;
			await this.refreshCounts();
		}
	}

	/** The one place that turns failures into what the user sees. */
	handleError(error: unknown): void {
		if (error instanceof StorageError || (error as { code?: string })?.code === 'STORAGE_FULL') {
			this.storageError = (error as Error).message;
			return;
		}
		if (error instanceof RemoteError) {
			if (error.code === 'SESSION_EXPIRED') this.sessionExpired = true;
			else if (error.code === 'OFFLINE') this.syncNotice = null;
			else if (!isTransient(error) || error.code === 'SERVER') this.syncNotice = error.message;
			return;
		}
		console.error(error);
		this.syncNotice = `Unexpected problem: ${(error as Error)?.message ?? error}. Reload the page; nothing saved on this device is lost.`;
	}

	/**
	 * Report an override: amend the prediction's queued telemetry event, or, when it
	 * already left the device, send a separate event marked overridden.
	 */
	async reportOverride(item: InventoryItem, overrideLabel: 0 | 1 | null): Promise<void> {
		try {
			if (item.eventId && (await markOverridden(item.eventId, overrideLabel))) return;
			if (overrideLabel === null) return;
			const backend = this.inference.status?.backend;
			await this.telemetry.enqueue([
				{
					kind: 'prediction',
					eventId: crypto.randomUUID(),
					time: new Date().toISOString(),
					appVersion: version,
					modelVersion: item.modelVersion,
					backend: backend?.kind ?? 'wasm',
					threads: backend?.threads ?? 0,
					latencyMs: 0,
					label: item.label,
					probability: item.probability,
					tokenCount: item.tokenCount,
					oovCount: Math.min(item.oovCount, item.tokenCount),
					overridden: true,
					overrideLabel,
					shadow: null
				}
			]);
		} catch (error) {
			this.handleError(error);
		}
	}
}

let instance: AppState | null = null;

/** The tab's AppState. On the server (SSR of the start page) a throwaway, never started. */
export function appState(): AppState {
	if (!browser) return new AppState();
	instance ??= new AppState();
	return instance;
}
