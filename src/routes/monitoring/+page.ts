// Client-rendered: the page fetches its data itself (GET /api/monitoring/summary), so it
// opens from the service worker's cache and shows the last data it had when offline.
export const ssr = false;
