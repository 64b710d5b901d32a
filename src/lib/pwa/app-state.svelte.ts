/**
 * App-wide state of the technician PWA (one instance per tab, created in the browser
 * only). One state class per concern, wired together here: session, sync, telemetry and
 * inference; plus connectivity, device storage, whether an app update may reload the
 * page now, and the one `handleError` that turns failures into what the user sees.
 *
 * The model loads only on pages that classify (`useModel`, see model-pages.ts), and on a
 * returning visit at once, before the session check and the IndexedDB reads (issue 13,
 * cold start); `?start=sequential` keeps the old order (and the old WASM thread count,
 * every core up to 4) for the benchmark's side by side.
 */
import { browser, version } from '$app/env';
import { RemoteError, isTransient } from '../network/remote-error.ts';
import { StorageError } from '../storage/errors.ts';
import { InferenceState, precacheSettled } from './inference-state.svelte.ts';
import { SessionState } from './session-state.svelte.ts';
import { SYNC_AFTER_CHANGE_MS, SyncState } from './sync-state.svelte.ts';
import { TelemetryState } from './telemetry-state.svelte.ts';
import { RescanState } from './rescan-state.svelte.ts';
import type { EventSource } from '../telemetry/factory.ts';
import type { TelemetryEventInput } from '../telemetry/event.ts';

/** How often an unreachable server is tried again (one small GET /api/session). */
const PROBE_MS = 2000;
/** While a sign-out waits for the server (signed out offline), how often to try again. */
const REVOKE_RETRY_MS = 5_000;

export class AppState {
	#online = $state(true);
	#storageError = $state<string | null>(null);
	#storageUsage = $state<{ usage: number; quota: number } | null>(null);
	#bulkRunning = $state(false);
	#started: Promise<void> | null = null;
	#revokeRetry: ReturnType<typeof setTimeout> | null = null;
	/** A page that classifies is open (or was): the model loads, or is loaded. */
	#modelWanted = $state(false);
	/** start() got past the session check and the IndexedDB reads. */
	#startedUp = false;
	/** Worker telemetry that arrived before the session check said who is signed in. */
	#earlyTelemetry: TelemetryEventInput[] = [];
	/** `?start=sequential`: the old start order, model after everything else (bench only). */
	readonly #sequential = browser && new URLSearchParams(location.search).get('start') === 'sequential';

	readonly session = new SessionState();
	readonly sync = new SyncState({
		canSync: () => this.#online && this.session.allowed && !this.session.expired,
		onError: (error) => this.handleError(error),
		afterRun: () => this.refreshCounts()
	});
	readonly telemetry = new TelemetryState({
		isOnline: () => this.#online,
		onError: (error) => this.handleError(error),
		changed: () => void this.refreshCounts(),
		source: () => this.#eventSource(),
		// Telemetry comes from technicians' sessions only (README, Security): an admin trying the
		// classifier sends nothing, rather than queueing events the server refuses.
		collects: () => this.session.user?.role === 'technician'
	});
	readonly inference = new InferenceState({
		appVersion: version,
		warmUp: !this.#sequential,
		// The old start order also had the old thread rule: every core up to 4.
		threads: this.#sequential ? Math.min(navigator.hardwareConcurrency || 1, 4) : undefined,
		onTelemetry: (events) => {
			if (this.session.check === null) this.#earlyTelemetry.push(...events);
			else this.telemetry.accept(events);
		},
		onError: (error) => this.handleError(error),
		onModelServed: (served, before) => void this.rescan.modelServed(served, before)
	});
	readonly rescan = new RescanState({
		api: () => this.inference.api(),
		onTelemetry: (events) => this.telemetry.accept(events),
		source: () => this.#eventSource(),
		onError: (error) => this.handleError(error),
		changed: () => this.inventoryChanged()
	});

	/** App version and the backend serving now, for telemetry events built on the page. */
	#eventSource(): EventSource {
		const backend = this.inference.status?.backend;
		return { appVersion: version, backend: backend?.kind ?? 'wasm', threads: backend?.threads ?? 0 };
	}

	get online(): boolean {
		return this.#online;
	}

	/** Set when the device storage is full; cleared by the next successful write. */
	get storageError(): string | null {
		return this.#storageError;
	}

	get storageUsage(): { usage: number; quota: number } | null {
		return this.#storageUsage;
	}

	/** A bulk scan is classifying or saving: no reload now. */
	get bulkRunning(): boolean {
		return this.#bulkRunning;
	}

	set bulkRunning(running: boolean) {
		this.#bulkRunning = running;
	}

	/** Why an app update must not reload the page right now, or null. */
	get reloadBlocker(): string | null {
		const pending = this.sync.pending;
		if (this.#bulkRunning) return 'A bulk scan is running: the update waits until it has finished.';
		if (pending === null) return 'Checking for unsynced changes…';
		if (pending > 0) {
			return `${pending} change${pending === 1 ? '' : 's'} not synced yet: the update waits until ${pending === 1 ? 'it reaches' : 'they reach'} the server${this.#online ? '' : ' (you are offline)'}.`;
		}
		return null;
	}

	#probeTimer: ReturnType<typeof setTimeout> | undefined;

	start(): Promise<void> {
		this.#started ??= this.#start();
		return this.#started;
	}

	async #start(): Promise<void> {
		this.#online = navigator.onLine;
		addEventListener('online', () => void this.#probe());
		addEventListener('offline', () => (this.#online = false));
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') this.sync.soon(0);
		});
		await this.recheckSession();
		const early = this.#earlyTelemetry.splice(0);
		if (early.length > 0) this.telemetry.accept(early);
		this.#noteReachability();
		await this.refreshCounts();
		await this.inference.restoreHistory();
		await this.rescan.restore();
		this.#startedUp = true;
		if (!this.session.allowed) {
			// Started early for someone who does not classify here (an analyst on the start page).
			this.inference.stop();
			return;
		}
		if (this.#modelWanted) await this.#loadModel();
		this.sync.soon(0);
		this.telemetry.flushSoon();
	}

	/**
	 * The page open now classifies (classify, inventory, bulk, documents): load the model.
	 * On a returning visit (the service worker controls the page) at once, in parallel with
	 * the session check; on a first visit after start() (the worker would otherwise download
	 * onnxruntime's WASM a second time next to the service worker's precache). Pages that do
	 * not classify never load it, and the status line says nothing about it there.
	 */
	useModel(): void {
		if (this.#modelWanted) return;
		this.#modelWanted = true;
		if (this.session.check !== null && !this.session.allowed) return;
		const returning = 'serviceWorker' in navigator && navigator.serviceWorker.controller !== null;
		if (this.#startedUp || (returning && !this.#sequential)) void this.#loadModel();
	}

	/** Whether a page that classifies was opened in this tab (the model is loading or loaded). */
	get modelWanted(): boolean {
		return this.#modelWanted;
	}

	async #loadModel(): Promise<void> {
		await precacheSettled();
		this.inference.api().catch(() => {});
	}

	/**
	 * navigator.onLine can say "online" while no request gets through (seen in Chromium 150
	 * after a reload under emulated offline; also captive portals): the last session check
	 * decides. While the server is unreachable, look again every PROBE_MS; back in contact,
	 * sync, flush telemetry and check for a model update at once.
	 */
	#noteReachability(): void {
		const check = this.session.check;
		const reachable = !(check?.kind === 'signed-in' && check.offline) && check?.kind !== 'unknown';
		const was = this.#online;
		this.#online = reachable && navigator.onLine;
		if (this.#online && !was) {
			this.sync.soon(0);
			this.telemetry.flushSoon();
			void this.inference.load();
		}
		clearTimeout(this.#probeTimer);
		if (!this.#online) this.#probeTimer = setTimeout(() => void this.#probe(), PROBE_MS);
	}

	async #probe(): Promise<void> {
		await this.recheckSession();
		this.#noteReachability();
	}

	async recheckSession(): Promise<void> {
		if (await this.session.recheck()) this.telemetry.resume();
		this.#retryRevokeLater();
	}

	/** `navigator.onLine` and the online event are not reliable: keep trying to end a server session signed out offline. */
	#retryRevokeLater(): void {
		if (this.#revokeRetry !== null) clearTimeout(this.#revokeRetry);
		this.#revokeRetry = null;
		const check = this.session.check;
		if (check?.kind === 'signed-out' && check.revokePending)
			this.#revokeRetry = setTimeout(() => void this.recheckSession(), REVOKE_RETRY_MS);
	}

	/**
	 * Sign out, online or not. Online, unsynced changes are sent first (as the user who made
	 * them); what could not be sent stays on the device. Returns whether the server session
	 * ended now, and how many changes wait on the device.
	 */
	async signOut(): Promise<{ revoked: boolean; unsynced: number }> {
		if (this.#online && this.session.allowed && !this.session.expired) await this.sync.now();
		const revoked = await this.session.signOut();
		this.#retryRevokeLater();
		await this.refreshCounts();
		return { revoked, unsynced: this.sync.pending ?? 0 };
	}

	/** Ask the server for a newer model (the engine verifies and self-tests it before switching). */
	async checkForModelUpdate(): Promise<void> {
		await this.inference.load();
		await this.refreshCounts();
	}

	async refreshCounts(): Promise<void> {
		try {
			await Promise.all([this.sync.refresh(), this.telemetry.refresh()]);
			const estimate = await navigator.storage?.estimate?.();
			if (estimate?.usage !== undefined && estimate.quota !== undefined)
				this.#storageUsage = { usage: estimate.usage, quota: estimate.quota };
		} catch (error) {
			this.handleError(error);
		}
	}

	/** After a local save or delete: show the new count, sync shortly. */
	inventoryChanged(): void {
		this.#storageError = null;
		void this.refreshCounts();
		this.sync.soon(SYNC_AFTER_CHANGE_MS);
	}

	/** The one place that turns failures into what the user sees. */
	handleError(error: unknown): void {
		if (error instanceof StorageError || (error as { code?: string })?.code === 'STORAGE_FULL') {
			this.#storageError = (error as Error).message;
			return;
		}
		if (error instanceof RemoteError) {
			if (error.code === 'SESSION_EXPIRED') this.session.expire();
			else if (error.code === 'OFFLINE') this.sync.notify(null);
			else if (!isTransient(error) || error.code === 'SERVER') this.sync.notify(error.message);
			return;
		}
		console.error(error);
		this.sync.notify(`Unexpected problem: ${(error as Error)?.message ?? error}. Reload the page; nothing saved on this device is lost.`);
	}
}

let instance: AppState | null = null;

/** The tab's AppState. On the server (SSR of the start page) a throwaway, never started. */
export function appState(): AppState {
	if (!browser) return new AppState();
	instance ??= new AppState();
	return instance;
}
