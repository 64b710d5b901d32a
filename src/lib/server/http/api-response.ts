/**
 * Responses under /api are always JSON, errors included (SvelteKit's 405 and error pages
 * are text or HTML), never cached unless the route says otherwise, and a write refused by
 * degraded storage is a 503 that says why.
 */
import { isApiPath } from './request-policy.ts';
import type { StorageFailure } from '../db/storage-status.ts';

export function jsonError(status: number, body: Record<string, unknown>, headers: HeadersInit = {}): Response {
	const h = new Headers(headers);
	h.set('cache-control', 'no-store');
	return Response.json(body, { status, headers: h });
}

export function storageFailureResponse(failure: StorageFailure, api: boolean): Response {
	const message = `Cannot save right now: ${failure.reason} (${failure.code}). Reading still works; retry later.`;
	const headers = { 'retry-after': '30', 'cache-control': 'no-store' };
	if (api) return Response.json({ message, code: 'STORAGE_UNAVAILABLE', cause: failure.code }, { status: 503, headers });
	return new Response(message, { status: 503, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
}

function isJson(response: Response): boolean {
	const type = response.headers.get('content-type') ?? '';
	return type.includes('application/json') || type.includes('+json');
}

/** Makes a non-JSON /api error JSON, keeping status and headers (Allow, Retry-After). */
async function asJson(response: Response): Promise<Response> {
	const text = (await response.text()).trim();
	// SvelteKit's static error page is HTML; keep only its words.
	const message = /<[a-z!]/i.test(text)
		? text
				.replace(/<[^>]*>/g, ' ')
				.replace(/\s+/g, ' ')
				.trim()
		: text;
	const headers = new Headers(response.headers);
	headers.delete('content-type');
	headers.delete('content-length');
	return jsonError(response.status, { message: message || response.statusText || `HTTP ${response.status}` }, headers);
}

/** The last step for /api responses. */
export async function finishApiResponse(request: Request, pathname: string, response: Response): Promise<Response> {
	if (!isApiPath(pathname)) return response;
	if (response.status >= 400 && request.method !== 'HEAD' && !isJson(response)) return asJson(response);
	if (!response.headers.has('cache-control')) {
		try {
			response.headers.set('cache-control', 'no-store');
		} catch {
			return new Response(response.body, {
				status: response.status,
				headers: { ...Object.fromEntries(response.headers), 'cache-control': 'no-store' }
			});
		}
	}
	return response;
}
