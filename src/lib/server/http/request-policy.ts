/**
 * What every request goes through before its route (hooks.server.ts), as pure functions:
 * the cross-site check for forms (SvelteKit's own, moved here so that the API can answer
 * with JSON), and the content type the API accepts.
 *
 * The API takes JSON only. A browser can send a cross-site POST without asking first only
 * with a form content type, text/plain or no content type at all; refusing those under
 * /api with 415 also closes that CSRF door, whatever the Origin.
 */
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export function isApiPath(pathname: string): boolean {
	return pathname === '/api' || pathname.startsWith('/api/');
}

function mediaType(request: Request): string {
	return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

function hasBody(request: Request): boolean {
	const length = request.headers.get('content-length');
	return request.headers.has('transfer-encoding') || (length !== null && length !== '0');
}

export interface Refusal {
	status: 403 | 415;
	message: string;
	code: 'CROSS_SITE_FORM' | 'UNSUPPORTED_MEDIA_TYPE';
}

/** Why this request is refused before reaching its route, or null. `selfOrigin`: the app's own origin. */
export function refuseRequest(request: Request, url: URL, selfOrigin: string): Refusal | null {
	if (!MUTATING.has(request.method)) return null;
	const type = mediaType(request);
	if (isApiPath(url.pathname)) {
		// DELETE without a body (sign-out) needs no type; browsers preflight cross-site DELETEs.
		if (request.method === 'DELETE' && !hasBody(request) && !type) return null;
		if (type === 'application/json' || type.endsWith('+json')) return null;
		return {
			status: 415,
			code: 'UNSUPPORTED_MEDIA_TYPE',
			message: type
				? `This API accepts JSON only, got Content-Type "${type}". Send "Content-Type: application/json".`
				: 'The request has no Content-Type. Send a JSON body with "Content-Type: application/json".'
		};
	}
	// Pages: only POST can come from a cross-site form (or a no-cors fetch); other methods are
	// preflighted by browsers, and a PUT on a page then gets SvelteKit's 405 with Allow.
	if (request.method !== 'POST') return null;
	const formLike = !type || FORM_TYPES.includes(type);
	const origin = request.headers.get('origin');
	if (formLike && origin !== selfOrigin) {
		return { status: 403, code: 'CROSS_SITE_FORM', message: `Cross-site ${request.method} form submissions are forbidden` };
	}
	return null;
}

/** Strict-Transport-Security once the site is served over https (directly, or behind a trusted proxy). */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers that depend on how the request came in. `url.protocol` is https only when the
 * socket was TLS, or with TRUST_PROXY=1 when the proxy said X-Forwarded-Proto: https
 * (server.js); a client-sent header without TRUST_PROXY never counts.
 */
export function transportHeaders(url: URL): Record<string, string> {
	return url.protocol === 'https:' ? { 'strict-transport-security': HSTS } : {};
}

/**
 * The public origin: ORIGIN when set (adapter-node uses it too), else the request's own
 * (whose protocol server.js takes from the socket, or from X-Forwarded-Proto with TRUST_PROXY=1).
 */
export function selfOrigin(url: URL, env: { ORIGIN?: string } = process.env): string {
	return env.ORIGIN ? new URL(env.ORIGIN).origin : url.origin;
}
