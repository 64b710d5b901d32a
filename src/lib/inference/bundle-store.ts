/**
 * Browser storage for model bundles, in Cache Storage, apart from the app shell caches:
 * - files by content hash (`blob/<sha256>`), so a vocabulary shared by two versions is
 *   stored and downloaded once, and an app update never touches them;
 * - each version's manifest as published, with its signature (`manifest/<version>`), for
 *   offline start: the loader checks the signature again at every start;
 * - which version serves (`state`): only written after a bundle passed its checks and
 *   self-test, so a refused bundle never replaces a working one.
 * The cache name is fixed (not per app version): the service worker leaves it alone.
 */
import { parseManifest } from '../bundle/manifest.ts';
import type { SignedManifest } from './bundle-fetch.ts';
import { sha256Hex } from '../bundle/integrity.ts';
import { InferenceError } from './errors.ts';

export const MODEL_CACHE = 'compliance-models-v1';
// Synthetic same-origin URLs used only as cache keys; never requested from the network.
const KEY_BASE = '/__model-store/';

export interface ActiveState {
	active: string | null;
	previous: string | null;
	updated: string | null;
}

const EMPTY_STATE: ActiveState = { active: null, previous: null, updated: null };

function key(path: string): string {
	return new URL(KEY_BASE + path, self.location.origin).href;
}

export class BundleStore {
	readonly #cacheName: string;
	#cache: Promise<Cache> | null = null;

	constructor(cacheName = MODEL_CACHE) {
		this.#cacheName = cacheName;
	}

	#open(): Promise<Cache> {
		if (!('caches' in globalThis)) {
			return Promise.reject(
				new InferenceError(
					'MODEL_LOAD',
					'This browser gives the app no Cache Storage (private mode or an insecure http:// address): the model cannot be kept for offline use. Open the app over https.'
				)
			);
		}
		this.#cache ??= caches.open(this.#cacheName);
		return this.#cache;
	}

	/** The stored file with this sha256, re-checked (a damaged cache entry is dropped, not used). */
	async getFile(sha256: string): Promise<Uint8Array | null> {
		const cache = await this.#open();
		const response = await cache.match(key(`blob/${sha256}`));
		if (!response) return null;
		const bytes = new Uint8Array(await response.arrayBuffer());
		if ((await sha256Hex(bytes)) !== sha256) {
			await cache.delete(key(`blob/${sha256}`));
			return null;
		}
		return bytes;
	}

	async hasFile(sha256: string): Promise<boolean> {
		const cache = await this.#open();
		return (await cache.match(key(`blob/${sha256}`))) !== undefined;
	}

	/** Callers verify bytes against the manifest before storing them. */
	async putFile(sha256: string, bytes: Uint8Array): Promise<void> {
		const cache = await this.#open();
		await cache.put(
			key(`blob/${sha256}`),
			new Response(bytes as Uint8Array<ArrayBuffer>, {
				headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) }
			})
		);
	}

	/**
	 * The stored manifest and signature, NOT verified here (the loader verifies before use).
	 * Entries stored before bundles were signed have no signature and are refused by it.
	 */
	async getManifest(version: string): Promise<SignedManifest | null> {
		const cache = await this.#open();
		const response = await cache.match(key(`manifest/${encodeURIComponent(version)}`));
		if (!response) return null;
		const stored = (await response.json()) as { json?: unknown; signature?: unknown };
		const json = stored.json ?? stored;
		return { json, signature: stored.signature ?? null, manifest: parseManifest(json, `stored manifest of ${version}`) };
	}

	async putManifest({ json, signature, manifest }: SignedManifest): Promise<void> {
		const cache = await this.#open();
		await cache.put(key(`manifest/${encodeURIComponent(manifest.version)}`), Response.json({ json, signature }));
	}

	async getState(): Promise<ActiveState> {
		const cache = await this.#open();
		const response = await cache.match(key('state'));
		if (!response) return { ...EMPTY_STATE };
		const state = (await response.json()) as Partial<ActiveState>;
		return { active: state.active ?? null, previous: state.previous ?? null, updated: state.updated ?? null };
	}

	/** Make `version` the serving one; the one it replaces becomes `previous`. */
	async activate(version: string): Promise<ActiveState> {
		const current = await this.getState();
		if (current.active === version) return current;
		const next: ActiveState = { active: version, previous: current.active, updated: new Date().toISOString() };
		const cache = await this.#open();
		await cache.put(key('state'), Response.json(next));
		return next;
	}

	/** Delete manifests and files no kept version refers to (keeps active, previous, shadow). */
	async prune(keepVersions: ReadonlyArray<string | null>): Promise<void> {
		const cache = await this.#open();
		const keep = new Set<string>();
		const keptVersions = new Set(keepVersions.filter((v): v is string => v !== null));
		for (const version of keptVersions) {
			const stored = await this.getManifest(version).catch(() => null);
			if (stored) for (const f of Object.values(stored.manifest.files)) keep.add(f.sha256);
		}
		for (const request of await cache.keys()) {
			const path = new URL(request.url).pathname.slice(KEY_BASE.length);
			const [kind, id] = path.split('/');
			if (kind === 'blob' && !keep.has(id)) await cache.delete(request);
			if (kind === 'manifest' && !keptVersions.has(decodeURIComponent(id))) await cache.delete(request);
		}
	}

	/** Bytes of all stored bundle files. */
	async storedBytes(): Promise<number> {
		const cache = await this.#open();
		let total = 0;
		for (const request of await cache.keys()) {
			if (!new URL(request.url).pathname.startsWith(KEY_BASE + 'blob/')) continue;
			const response = await cache.match(request);
			total += Number(response?.headers.get('content-length') ?? 0);
		}
		return total;
	}
}
