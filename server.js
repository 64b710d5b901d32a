// Production server: the SvelteKit handler (build/handler.js) behind node:http, so that
// every response, including /_app assets and static files that adapter-node serves
// before hooks run, gets the security headers (cross-origin isolation for ORT threads).
//   PORT (3000), HOST (0.0.0.0), TRUST_PROXY=1 behind a reverse proxy that sets
//   X-Forwarded-Proto/-For; ORIGIN (e.g. https://example.com) to pin the public URL.
import http from 'node:http';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { securityHeaders } from './src/lib/server/http/security-headers.ts';

const root = import.meta.dirname;
// BUILD_DIR: a release's own build (scripts/release deploys it); default ./build.
const handlerFile = path.join(process.env.BUILD_DIR ? path.resolve(process.env.BUILD_DIR) : path.join(root, 'build'), 'handler.js');
if (!existsSync(handlerFile)) {
	console.error('build/handler.js is missing: run "npm run build" first (or "npm start", which builds when needed).');
	process.exit(1);
}

const trustProxy = process.env.TRUST_PROXY === '1' || process.env.TRUST_PROXY === 'true';
// adapter-node reads these when the handler is imported. Without a proxy the protocol
// comes from our own socket (below), never from a client-sent header.
process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
if (trustProxy) process.env.ADDRESS_HEADER ??= 'x-forwarded-for';
// POST /api/classify accepts up to 8 MiB (1,000 descriptions of 2,000 characters in any script);
// each endpoint enforces its own smaller limit (readJson).
process.env.BODY_SIZE_LIMIT ??= '8M';

const { handler } = await import(handlerFile);

const server = http.createServer((req, res) => {
	if (!trustProxy || !req.headers['x-forwarded-proto']) {
		req.headers['x-forwarded-proto'] = /** @type {any} */ (req.socket).encrypted ? 'https' : 'http';
	}
	for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
	// TRACE/TRACK/CONNECT are never served; the Fetch Request the handler builds refuses them
	// (it answered 400 "Invalid request"). 405, JSON like every other refusal.
	if (req.method && /^(TRACE|TRACK|CONNECT)$/.test(req.method)) {
		res.writeHead(405, {
			allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
			'content-type': 'application/json',
			'cache-control': 'no-store'
		});
		res.end(JSON.stringify({ message: `${req.method} is not allowed.` }));
		return;
	}
	// ORT's .wasm must be application/wasm for streaming compilation.
	if (req.url && /\.wasm(\?|$)/.test(req.url)) {
		const setHeader = res.setHeader.bind(res);
		res.setHeader = (name, value) => setHeader(name, name.toLowerCase() === 'content-type' ? 'application/wasm' : value);
		setHeader('content-type', 'application/wasm');
	}
	handler(req, res, () => {
		res.statusCode = 404;
		res.setHeader('content-type', 'text/plain; charset=utf-8');
		res.end('Not found');
	});
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
server.listen(port, host, () => console.log(`Listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`));

/** @param {string} signal */
function shutdown(signal) {
	console.log(`${signal}: shutting down`);
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
