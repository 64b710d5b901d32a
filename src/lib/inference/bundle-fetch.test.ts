import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEVELOPMENT_KEYS } from '../bundle/trusted-keys.ts';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';
import { downloadFiles, ensureRoom, fetchManifest, manifestUrl, parsePointer } from './bundle-fetch.ts';

const file = (bytes: Uint8Array, path = 'v1/model.onnx') => ({
	path,
	bytes: bytes.byteLength,
	sha256: createHash('sha256').update(bytes).digest('hex')
});

/** A fetch that streams each body in small chunks. */
function streamingFetch(bodies: Record<string, Uint8Array>, failAfter?: number) {
	return vi.fn(async (url: string) => {
		const body = bodies[url];
		if (!body) return new Response('missing', { status: 404 });
		let sent = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (failAfter !== undefined && sent >= failAfter) return controller.error(new TypeError('network error'));
				if (sent >= body.length) return controller.close();
				controller.enqueue(body.slice(sent, sent + 7));
				sent += 7;
			}
		});
		return new Response(stream, { status: 200 });
	});
}

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('parsePointer', () => {
	it("reads the server's {champion, challenger} pointer", () => {
		const p = parsePointer({ champion: { version: 'v2', manifest: '/models/v2/manifest.json' }, challenger: null });
		expect(p).toEqual({ champion: { version: 'v2', manifest: '/models/v2/manifest.json' }, challenger: null });
	});

	it('accepts bare version strings and the registry alias shape', () => {
		expect(parsePointer({ aliases: { champion: 'v1', challenger: 'v3' } })).toEqual({
			champion: { version: 'v1', manifest: 'v1/manifest.json' },
			challenger: { version: 'v3', manifest: 'v3/manifest.json' }
		});
	});

	it('refuses a pointer with a path-like version, with a code', () => {
		expect(() => parsePointer({ champion: '../etc' })).toThrow(expect.objectContaining({ code: 'MODEL_LOAD' }));
	});
});

describe('manifestUrl', () => {
	it('keeps root paths and resolves relative ones against the models base', () => {
		expect(manifestUrl('/models', '/models/v1/manifest.json')).toBe('/models/v1/manifest.json');
		expect(manifestUrl('/models', 'v1/manifest.json')).toBe('/models/v1/manifest.json');
	});
});

describe('downloadFiles', () => {
	const a = new Uint8Array(50).map((_, i) => i);
	const b = new Uint8Array(30).map((_, i) => 255 - i);

	it('reports one aggregate progress figure across files and returns verified bytes', async () => {
		vi.stubGlobal('fetch', streamingFetch({ '/models/v1/model.onnx': a, '/models/vocab/x.bin': b }));
		const seen: number[] = [];
		const out = await downloadFiles('/models', [file(a), file(b, 'vocab/x.bin')], (p) => {
			expect(p.totalBytes).toBe(80);
			seen.push(p.loadedBytes);
		});
		expect(out.map((x) => Array.from(x))).toEqual([Array.from(a), Array.from(b)]);
		expect(seen[0]).toBe(0);
		expect(seen.at(-1)).toBe(80);
		expect(seen).toEqual([...seen].sort((x, y) => x - y));
	});

	it('refuses a tampered file (same size, other bytes) with BUNDLE_INTEGRITY', async () => {
		const tampered = Uint8Array.from(a);
		tampered[10] ^= 1;
		vi.stubGlobal('fetch', streamingFetch({ '/models/v1/model.onnx': tampered }));
		await expect(downloadFiles('/models', [file(a)], () => {})).rejects.toMatchObject({ code: 'BUNDLE_INTEGRITY' });
	});

	it('refuses a file longer than its manifest says without reading it all', async () => {
		vi.stubGlobal('fetch', streamingFetch({ '/models/v1/model.onnx': new Uint8Array(500) }));
		await expect(downloadFiles('/models', [file(a)], () => {})).rejects.toMatchObject({ code: 'BUNDLE_INTEGRITY' });
	});

	it('reports a broken-off download as NETWORK, never returning partial bytes', async () => {
		vi.stubGlobal('fetch', streamingFetch({ '/models/v1/model.onnx': a }, 21));
		await expect(downloadFiles('/models', [file(a)], () => {})).rejects.toMatchObject({
			code: 'NETWORK',
			message: expect.stringContaining('after 21 of 50 bytes')
		});
	});

	it('turns an HTTP error into NETWORK with the status', async () => {
		vi.stubGlobal('fetch', streamingFetch({}));
		await expect(downloadFiles('/models', [file(a)], () => {})).rejects.toMatchObject({
			code: 'NETWORK',
			message: expect.stringContaining('404')
		});
	});
});

describe('ensureRoom', () => {
	it('fails with STORAGE_FULL before downloading when the quota is too small', async () => {
		const persist = vi.fn(async () => true);
		vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 900, quota: 1000 }), persist } });
		await expect(ensureRoom(500)).rejects.toMatchObject({ code: 'STORAGE_FULL', message: expect.stringContaining('Free space') });
		expect(persist).not.toHaveBeenCalled();
	});

	it('asks for persistent storage when there is room', async () => {
		vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 0, quota: 1e9 }), persist: async () => true } });
		await expect(ensureRoom(1e6)).resolves.toEqual({ persisted: true });
	});
});

describe('fetchManifest', () => {
	let signed: { manifest: Record<string, unknown>; signature: unknown };
	const pointer = { version: 'sig-1', manifest: '/models/sig-1/manifest.json' };
	beforeAll(async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'fetch-manifest-'));
		await makeTinyBundle(dir, { version: 'sig-1' });
		const read = async (f: string) => JSON.parse(await readFile(path.join(dir, 'sig-1', f), 'utf8'));
		signed = { manifest: await read('manifest.json'), signature: await read('signature.json') };
		await rm(dir, { recursive: true, force: true });
	});
	const serve = (files: Record<string, unknown>) =>
		vi.stubGlobal(
			'fetch',
			vi.fn(async (url: string) => (url in files ? Response.json(files[url]) : new Response('missing', { status: 404 })))
		);

	it('returns a manifest signed by a pinned key, with what the store keeps', async () => {
		serve({ '/models/sig-1/manifest.json': signed.manifest, '/models/sig-1/signature.json': signed.signature });
		const result = await fetchManifest('/models', pointer, DEVELOPMENT_KEYS);
		expect(result.manifest.version).toBe('sig-1');
		expect(result.signature).toEqual(signed.signature);
	});

	it('refuses an unsigned manifest, an edited one and one signed by a key the build does not pin', async () => {
		serve({ '/models/sig-1/manifest.json': signed.manifest });
		await expect(fetchManifest('/models', pointer, DEVELOPMENT_KEYS)).rejects.toMatchObject({ code: 'BUNDLE_SIGNATURE' });
		serve({ '/models/sig-1/manifest.json': { ...signed.manifest, threshold: 0.99 }, '/models/sig-1/signature.json': signed.signature });
		await expect(fetchManifest('/models', pointer, DEVELOPMENT_KEYS)).rejects.toMatchObject({ code: 'BUNDLE_SIGNATURE' });
		serve({ '/models/sig-1/manifest.json': signed.manifest, '/models/sig-1/signature.json': signed.signature });
		await expect(fetchManifest('/models', pointer, {})).rejects.toMatchObject({ code: 'BUNDLE_SIGNATURE' });
	});
});
