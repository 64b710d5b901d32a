/**
 * The installed PWA as a share target (web manifest `share_target`): the system posts
 * the shared file to SHARE_ACTION, the service worker keeps it in a cache of its own and
 * redirects to the document page, which takes it from there. The file stays on the device.
 */
export const SHARE_ACTION = '/documents/share';
/** The form field name of the file (must match static/manifest.webmanifest). */
export const SHARE_FIELD = 'document';
export const SHARED_CACHE = 'shared-document';
const SHARED_KEY = '/documents/shared-file';
export const SHARED_PAGE = '/documents?shared=1';

/** Service worker side: keep the posted file for the page. */
export async function keepSharedFile(form: FormData): Promise<void> {
	const file = form.get(SHARE_FIELD);
	if (!(file instanceof File)) return;
	const cache = await caches.open(SHARED_CACHE);
	await cache.put(SHARED_KEY, new Response(file, { headers: { 'content-type': file.type, 'x-file-name': encodeURIComponent(file.name) } }));
}

/** Page side: the shared file, once (it is removed from the cache). */
export async function takeSharedFile(): Promise<File | null> {
	if (typeof caches === 'undefined') return null;
	const cache = await caches.open(SHARED_CACHE);
	const response = await cache.match(SHARED_KEY);
	if (!response) return null;
	await cache.delete(SHARED_KEY);
	const name = decodeURIComponent(response.headers.get('x-file-name') ?? 'shared-document');
	return new File([await response.blob()], name, { type: response.headers.get('content-type') ?? '' });
}
