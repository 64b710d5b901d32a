/**
 * Reads a JSON request body with a byte limit: 413 as soon as the limit is passed
 * (without buffering the rest), 400 for malformed JSON. The rest of an oversized body is
 * not cancelled: cancelling destroys the socket and the client sees a connection reset
 * instead of the 413; adapter-node discards the unread bytes after the response.
 */
import { error } from '@sveltejs/kit';

export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/json' && !type.endsWith('+json'))
		error(
			415,
			type ? `Send JSON ("Content-Type: application/json"), not ${type}.` : 'Send a JSON body with "Content-Type: application/json".'
		);
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > maxBytes) error(413, `Body is ${declared} bytes; the limit is ${maxBytes}. Send smaller batches.`);
	if (!request.body) error(400, 'Send a JSON body.');
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			reader.releaseLock();
			error(413, `Body is over the ${maxBytes}-byte limit. Send smaller batches.`);
		}
		chunks.push(value);
	}
	const text = new TextDecoder().decode(Buffer.concat(chunks));
	try {
		return JSON.parse(text);
	} catch {
		error(400, 'Body is not valid JSON.');
	}
}
