// Client-rendered: the page must work from the service worker's cache when offline,
// and its data lives in IndexedDB, not on the server.
export const ssr = false;
