import { redirect } from '@sveltejs/kit';
import { browser } from '$app/env';
import type { PageLoad } from './$types';

// Server-side render online: an anonymous visitor goes straight to /login (and comes back).
// In the browser nothing is fetched here, so the page also starts offline from the
// service worker's cache; the app shell checks the session (or the cached user) itself.
export const load: PageLoad = async ({ fetch, url }) => {
	if (browser) return {};
	const response = await fetch('/api/session');
	if (response.status === 401) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return {};
};
