/// <reference lib="webworker" />
/**
 * Service worker: the app shell offline.
 * - Precaches the built app, static files and onnxruntime's WASM binary, in a cache named
 *   after the app version (old shell caches are deleted when a new version activates).
 * - Model bundles are NOT handled here: the inference worker keeps them in its own cache
 *   (`compliance-models-v1`, lib/inference/bundle-store.ts), keyed by content hash, so an
 *   app update never re-downloads a model. /models and /api always go to the network.
 * - Responses served from a cache get the cross-origin isolation headers again, since
 *   WASM threads need a cross-origin isolated page and worker.
 */
import { self } from '$app/service-worker';
import { immutable, assets, prerendered } from '$app/manifest';
import { version } from '$app/env';
import { keepSharedFile, SHARE_ACTION, SHARED_PAGE } from '../lib/documents/share-target.ts';

const SHELL_PREFIX = 'shell-';
const SHELL_CACHE = `${SHELL_PREFIX}${version}`;

// onnxruntime's WebGPU binary (asyncify, 27 MB) is cached on first use instead: most
// devices never need it. The plain WASM binary (14 MB) is precached.
const PRECACHE_SKIP = /asyncify[^/]*\.wasm$/;

const toUrl = (path: string) => new URL(path, self.location.href).pathname;
const PRECACHE = [...immutable, ...assets, ...prerendered]
	.map((f) => f.path)
	.filter((p) => !PRECACHE_SKIP.test(p))
	.map(toUrl);
const STATIC = new Set(assets.map((f) => toUrl(f.path)));

/**
 * A client-rendered page (ssr = false): its HTML is the same app shell whatever the URL,
 * and the client router renders the route from the address. Offline, a page never
 * visited online is answered with it.
 */
const CLIENT_SHELL = '/inventory';

/** Paths never answered from the shell cache. */
const NETWORK_ONLY = ['/models/', '/api/', '/__model-store/', '/login', '/logout'];

const ISOLATION_HEADERS: Record<string, string> = {
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-embedder-policy': 'require-corp',
	'cross-origin-resource-policy': 'same-origin'
};

function isolated(response: Response): Response {
	if (response.type === 'opaque' || response.type === 'opaqueredirect') return response;
	const headers = new Headers(response.headers);
	for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(SHELL_CACHE);
			await cache.addAll(PRECACHE);
			// The start page too, so the app opens offline after one visit. Best effort: when it
			// redirects (sign-in required) it is cached on the next online visit instead.
			const start = await fetch('/', { redirect: 'manual', credentials: 'same-origin' }).catch(() => null);
			if (start?.ok && start.type === 'basic') await cache.put('/', start);
			const shell = await fetch(CLIENT_SHELL, { credentials: 'same-origin' }).catch(() => null);
			if (shell?.ok && !shell.redirected && shell.type === 'basic') await cache.put(CLIENT_SHELL, shell);
		})()
	);
});

// A new version waits until the page asks (workbox-window's messageSkipWaiting(), sent
// only after the user accepted "New version available"): no reload behind anyone's back.
self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			// Only our own shell caches: the model cache survives app updates.
			for (const name of await caches.keys()) {
				if (name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE) await caches.delete(name);
			}
			await self.clients.claim();
		})()
	);
});

/** Hashed build files and static files: cache first, then the network (and keep what it sent). */
async function cacheFirst(request: Request): Promise<Response> {
	const cache = await caches.open(SHELL_CACHE);
	const cached = await cache.match(request, { ignoreSearch: true });
	// onnxruntime's WASM as stored: Chromium reuses the compiled code of a module streamed
	// from Cache Storage only for the stored response itself (a rebuilt Response compiles
	// afresh at every start), and a same-origin subresource needs no isolation headers.
	if (cached) return request.url.endsWith('.wasm') ? cached : isolated(cached);
	const response = await fetch(request);
	if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
	return response;
}

/** Pages: the network when online (fresh data, auth redirects), the last copy offline. */
async function networkFirst(request: Request): Promise<Response> {
	const cache = await caches.open(SHELL_CACHE);
	try {
		const response = await fetch(request);
		if (response.ok && !response.redirected && response.type === 'basic') await cache.put(request, response.clone());
		return response;
	} catch (error) {
		const cached =
			(await cache.match(request)) ??
			(request.mode === 'navigate' ? ((await cache.match(CLIENT_SHELL)) ?? (await cache.match('/'))) : undefined);
		if (cached) return isolated(cached);
		throw error;
	}
}

self.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (request.method === 'POST' && url.origin === self.location.origin && url.pathname === SHARE_ACTION) {
		// A document shared to the installed app: kept on the device, never sent to the server.
		event.respondWith(
			request
				.formData()
				.then(keepSharedFile)
				.then(() => Response.redirect(SHARED_PAGE, 303))
		);
		return;
	}
	if (request.method !== 'GET') return;
	if (url.origin !== self.location.origin) return;
	if (NETWORK_ONLY.some((p) => url.pathname.startsWith(p))) return;
	if (url.pathname.startsWith('/_app/immutable/') || STATIC.has(url.pathname)) {
		event.respondWith(cacheFirst(request));
		return;
	}
	event.respondWith(networkFirst(request));
});
