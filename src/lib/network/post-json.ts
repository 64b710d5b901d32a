/** POST JSON to our own server and turn every failure into a RemoteError. */
import { RemoteError } from './remote-error.ts';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export async function postJson<T>(
	url: string,
	body: unknown,
	options: { fetch?: FetchLike; headers?: Record<string, string> } = {}
): Promise<T> {
	const doFetch = options.fetch ?? ((u, i) => fetch(u, i));
	let response: Response;
	try {
		response = await doFetch(url, {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
			body: JSON.stringify(body)
		});
	} catch (cause) {
		throw new RemoteError(
			'OFFLINE',
			`The server cannot be reached (${(cause as Error)?.message ?? cause}); will retry when the network is back.`
		);
	}
	if (response.ok) return (await response.json()) as T;
	const refusal: unknown = await response.json().catch(() => null);
	const message = (refusal as { message?: unknown } | null)?.message;
	const text = typeof message === 'string' ? message : '';
	const status = response.status;
	if (status === 401)
		throw new RemoteError('SESSION_EXPIRED', 'Your session has expired: sign in again. Nothing queued on this device is lost.', { status });
	if (status === 403)
		throw new RemoteError('FORBIDDEN', text || 'Your account may not do this; ask an admin for the technician role.', { status });
	if (status === 413) throw new RemoteError('TOO_LARGE', text || 'The request was too large.', { status });
	if (status === 429) {
		const retry = Number(response.headers.get('retry-after'));
		throw new RemoteError('RATE_LIMITED', text || 'Too many requests; waiting before the next try.', {
			status,
			retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : null
		});
	}
	if (status >= 400 && status < 500)
		throw new RemoteError('REJECTED', text || `The server refused the request (${status}).`, { status, body: refusal });
	throw new RemoteError('SERVER', text || `The server failed (${status}); will retry.`, { status });
}
