/**
 * A loopback reverse proxy in front of server.js that counts the bytes each response
 * puts on the wire (status line + headers + body as sent, i.e. compressed). It sees
 * every request the page, its workers and the service worker make, which a page's CDP
 * session or performance entries do not (service-worker fetches are invisible there).
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';

export interface CountedResponse {
	url: string;
	status: number;
	bytes: number;
	/** `bytes` had the body been gzip-compressed (level 6) when the server sent it uncompressed. */
	gzipBytes: number;
	encoding: string | null;
}

export interface CountingProxy {
	origin: string;
	/** Responses since the last take(), then cleared. */
	take(): CountedResponse[];
	/**
	 * Offline: every request's connection is dropped (a network error, as with no network)
	 * and its URL remembered. Playwright's context.setOffline does not cover service-worker
	 * and worker fetches in Chromium, so this is what makes an offline test honest.
	 */
	setOffline(offline: boolean): void;
	/** URLs refused while offline since the last call, then cleared. */
	takeRefused(): string[];
	close(): Promise<void>;
}

export function startCountingProxy(upstream: string): Promise<CountingProxy> {
	const target = new URL(upstream);
	let log: CountedResponse[] = [];
	let offline = false;
	let refused: string[] = [];
	const server = http.createServer((req, res) => {
		if (offline) {
			refused.push(req.url ?? '');
			req.socket.destroy();
			return;
		}
		const forward = http.request(
			{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
			(up) => {
				const headerBytes = Buffer.byteLength(
					`HTTP/1.1 ${up.statusCode} ${up.statusMessage}\r\n${up.rawHeaders.reduce((s, v, i) => s + v + (i % 2 ? '\r\n' : ': '), '')}\r\n`
				);
				let bytes = headerBytes;
				const chunks: Buffer[] = [];
				const encoding = (up.headers['content-encoding'] as string | undefined) ?? null;
				res.writeHead(up.statusCode ?? 502, up.statusMessage, up.rawHeaders);
				up.on('data', (chunk: Buffer) => {
					bytes += chunk.length;
					if (!encoding) chunks.push(chunk);
				});
				up.on('end', () => {
					const gzipBytes = encoding ? bytes : headerBytes + gzipSync(Buffer.concat(chunks), { level: 6 }).length;
					log.push({ url: req.url ?? '', status: up.statusCode ?? 0, bytes, gzipBytes, encoding });
				});
				up.pipe(res);
			}
		);
		forward.on('error', () => {
			res.statusCode = 502;
			res.end();
		});
		req.pipe(forward);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			resolve({
				origin: `http://127.0.0.1:${port}`,
				take() {
					const taken = log;
					log = [];
					return taken;
				},
				setOffline(value) {
					offline = value;
					// Keep-alive connections would otherwise keep working.
					if (value) server.closeAllConnections();
				},
				takeRefused() {
					const taken = refused;
					refused = [];
					return taken;
				},
				close: () =>
					new Promise<void>((done) => {
						server.closeAllConnections();
						server.close(() => done());
					})
			});
		});
	});
}
