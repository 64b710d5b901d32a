/** POST JSON to our own server and turn every failure into a RemoteError. */
import { RemoteError } from './errors.ts';

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
	const message = await response
		.json()
		.then((b: { message?: string }) => b?.message ?? '')
		.catch(() => '');
	const status = response.status;
	if (status === 401)
		throw new RemoteError('SESSION_EXPIRED', 'Your session has expired: sign in again. Nothing queued on this device is lost.', status);
	if (status === 403)
		throw new RemoteError('FORBIDDEN', message || 'Your account may not do this; ask an admin for the technician role.', status);
	if (status === 413) throw new RemoteError('TOO_LARGE', message || 'The request was too large.', status);
	if (status === 429) {
		const retry = Number(response.headers.get('retry-after'));
		throw new RemoteError(
			'RATE_LIMITED',
			message || 'Too many requests; waiting before the next try.',
			status,
			Number.isFinite(retry) && retry > 0 ? retry : null
		);
	}
	if (status >= 400 && status < 500) throw new RemoteError('REJECTED', message || `The server refused the request (${status}).`, status);
	throw new RemoteError('SERVER', message || `The server failed (${status}); will retry.`, status);
}
