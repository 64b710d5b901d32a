/**
 * The monitoring page's data: fetched from GET /api/monitoring/summary in the browser,
 * refreshed every REFRESH_MS (pausable; never while the filter is being edited), and kept
 * on this device (localStorage: aggregate figures only, no descriptions) so that with the
 * server out of reach the page shows the last data it had, and says from when.
 */
import type { MonitoringSummary } from '#lib/server/monitoring/types.ts';
import { signInUrl } from '#lib/pwa/session.ts';

export const REFRESH_MS = 30_000;
const CACHE_KEY = 'monitoring-cache-v1';
const CACHE_ENTRIES = 6;

interface CacheEntry {
	query: string;
	fetchedAt: string;
	summary: MonitoringSummary;
}

export interface ModelChoices {
	versions: string[];
	aliases: { champion: string | null; challenger: string | null };
}

function readCache(): CacheEntry[] {
	try {
		return (JSON.parse(localStorage.getItem(CACHE_KEY) ?? '[]') as CacheEntry[]).filter((e) => e?.summary && e.fetchedAt);
	} catch {
		return [];
	}
}

function writeCache(entry: CacheEntry): void {
	const entries = [entry, ...readCache().filter((e) => e.query !== entry.query)].slice(0, CACHE_ENTRIES);
	try {
		localStorage.setItem(CACHE_KEY, JSON.stringify(entries));
	} catch {
		// Storage full or disabled: the page still works online, only the offline copy is missing.
	}
}

export class MonitoringState {
	summary = $state.raw<MonitoringSummary | null>(null);
	/** When the shown data left the server (ISO). */
	fetchedAt = $state<string | null>(null);
	/** The shown data is the device's copy: the server could not be reached. */
	offline = $state(false);
	/** The copy shown offline was for another filter than the one asked for. */
	otherFilter = $state(false);
	/** A problem to show (bad filter, no access, no data offline); null when all is well. */
	problem = $state<string | null>(null);
	loading = $state(false);
	autoRefresh = $state(true);
	/** Set by the filter form while it has focus or unapplied changes: no refresh then. */
	editing = $state(false);
	/** Increases with every successful load (sections re-read their own data). */
	loads = $state(0);
	models = $state.raw<ModelChoices>({ versions: [], aliases: { champion: null, challenger: null } });

	#query = '';
	#timer: ReturnType<typeof setInterval> | undefined;

	/** Load the data for `query` (the API's query string), from the server or, offline, the device. */
	async load(query: string): Promise<void> {
		this.#query = query;
		this.loading = true;
		try {
			let response: Response;
			try {
				response = await fetch(`/api/monitoring/summary?${query}`, { headers: { accept: 'application/json' } });
			} catch {
				return this.#fromDevice(query, 'The server cannot be reached (offline?).');
			}
			if (query !== this.#query) return;
			if (response.status === 401) return location.assign(signInUrl());
			if (response.status >= 500) return this.#fromDevice(query, `The server had a problem (${response.status}).`);
			if (!response.ok) {
				const body = (await response.json().catch(() => null)) as { message?: string } | null;
				this.problem = body?.message ?? `The server refused the request (${response.status}).`;
				return;
			}
			const summary = (await response.json()) as MonitoringSummary;
			const fetchedAt = new Date().toISOString();
			Object.assign(this, { summary, fetchedAt, offline: false, otherFilter: false, problem: null });
			this.loads++;
			writeCache({ query, fetchedAt, summary });
		} finally {
			this.loading = false;
		}
	}

	#fromDevice(query: string, why: string): void {
		const entries = readCache();
		const entry = entries.find((e) => e.query === query) ?? entries.sort((a, b) => b.fetchedAt.localeCompare(a.fetchedAt))[0];
		this.offline = true;
		if (!entry) {
			this.summary = null;
			this.problem = `${why} This device has no saved monitoring data yet: open this page once while online, then it shows the last data it had.`;
			return;
		}
		this.problem = null;
		this.otherFilter = entry.query !== query;
		if (this.fetchedAt !== entry.fetchedAt) {
			this.summary = entry.summary;
			this.fetchedAt = entry.fetchedAt;
		}
	}

	async loadModels(): Promise<void> {
		try {
			const response = await fetch('/api/monitoring/models');
			if (response.ok) this.models = (await response.json()) as ModelChoices;
		} catch {
			// Offline: the filter offers the versions seen in the data instead.
		}
	}

	/** Refresh every REFRESH_MS while auto-refresh is on, the tab visible and the form not being edited. */
	startRefresh(): () => void {
		clearInterval(this.#timer);
		this.#timer = setInterval(() => {
			if (this.autoRefresh && !this.editing && !this.loading && document.visibilityState === 'visible') void this.load(this.#query);
		}, REFRESH_MS);
		return () => clearInterval(this.#timer);
	}
}
