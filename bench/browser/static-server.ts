/**
 * A tiny loopback server for the browser benchmark pages: the Vite-built pages, the
 * models folder through the server's own model routes code, and bench data. Every
 * response is cross-origin isolated (COOP/COEP/CORP), so WASM threads work.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { bundleFileResponse, modelsPointer } from '#lib/server/models/serve.ts';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.json': 'application/json',
	'.wasm': 'application/wasm',
	'.css': 'text/css'
};

export interface StaticServer {
	origin: string;
	close(): Promise<void>;
}

export interface StaticServerOptions {
	/** Built pages. */
	root: string;
	modelsDir: string;
	/** Extra JSON documents served at /bench-data/<name>.json. */
	data: Record<string, unknown>;
}

async function sendResponse(res: http.ServerResponse, response: Response): Promise<void> {
	res.statusCode = response.status;
	response.headers.forEach((value, name) => res.setHeader(name, value));
	if (!response.body) return void res.end();
	Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(res);
}

export function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
	const server = http.createServer(async (req, res) => {
		res.setHeader('cross-origin-opener-policy', 'same-origin');
		res.setHeader('cross-origin-embedder-policy', 'require-corp');
		res.setHeader('cross-origin-resource-policy', 'same-origin');
		res.setHeader('cache-control', 'no-store');
		const url = new URL(req.url ?? '/', 'http://localhost');
		try {
			if (url.pathname.startsWith('/bench-data/')) {
				const name = url.pathname.slice('/bench-data/'.length).replace(/\.json$/, '');
				if (!(name in options.data)) throw new Error('no such data');
				res.setHeader('content-type', 'application/json');
				return void res.end(JSON.stringify(options.data[name]));
			}
			if (url.pathname === '/models/manifest.json')
				return void (await sendResponse(res, Response.json(await modelsPointer(options.modelsDir))));
			if (url.pathname.startsWith('/models/')) {
				const response = await bundleFileResponse(options.modelsDir, url.pathname.slice('/models/'.length));
				if (response) return void (await sendResponse(res, response));
			}
			const file = path.join(options.root, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
			if (file.startsWith(options.root) && existsSync(file) && statSync(file).isFile()) {
				res.setHeader('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
				return void createReadStream(file).pipe(res);
			}
			res.statusCode = 404;
			res.end('not found');
		} catch (e) {
			res.statusCode = 404;
			res.end(String((e as Error).message));
		}
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			resolve({
				origin: `http://127.0.0.1:${port}`,
				close: () =>
					new Promise<void>((done) => {
						server.closeAllConnections();
						server.close(() => done());
					})
			});
		});
	});
}
