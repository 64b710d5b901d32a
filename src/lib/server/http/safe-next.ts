/**
 * The `next` of /login?next=...: only a path on this site, normalised the way a browser
 * would read it. Browsers drop tabs and newlines from URLs, so "/\t/evil.example" means
 * "//evil.example", another site; characters a header cannot carry (a newline, "。")
 * made the redirect itself fail with 500. Parsing with the URL parser and keeping the
 * result only when it stays on our origin closes both.
 */
const BASE = 'http://self.invalid';

/** A safe local path (percent-encoded, starting with a single "/"), or null. */
export function safeNextPath(next: string | null): string | null {
	if (!next || !next.startsWith('/')) return null;
	let url: URL;
	try {
		url = new URL(next, BASE);
	} catch {
		return null;
	}
	if (url.origin !== BASE) return null;
	const path = url.pathname + url.search + url.hash;
	// "//x" or "/\x" after normalisation would leave the site when used as a Location.
	if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return null;
	return path;
}
