/**
 * Publish one release to a CDN origin so that a client never sees half of it:
 *   1. immutable files: the app's content-hashed assets (_app/immutable/**) and the
 *      model bundles (models/<version>/*, models/vocab/<hash>.bin) - new paths only,
 *      unreferenced until the pointer moves; unchanged ones are skipped by hash;
 *   2. the app's other files (service worker, version.json, static files), no-cache;
 *   3. release.json, then models/manifest.json (the pointer) LAST.
 * An interruption before step 3 leaves the previous pointer, so clients keep the old
 * release; re-running the publish finishes the job (already uploaded files are skipped).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { SIGNATURE_FILE } from '#lib/bundle/signature.ts';
import path from 'node:path';
import type { Manifest } from '#lib/bundle/manifest.ts';
import { readRegistry } from '#lib/registry/registry.ts';
import { modelsPointer } from '#lib/server/models/serve.ts';
import { PublishError, type PublishTarget } from './publish-target.ts';

export const POINTER_KEY = 'models/manifest.json';
export const RELEASE_KEY = 'release.json';
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const NO_CACHE = 'no-cache';

const TYPES: Record<string, string> = {
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.html': 'text/html; charset=utf-8',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.wasm': 'application/wasm',
	'.onnx': 'application/octet-stream',
	'.bin': 'application/octet-stream',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.txt': 'text/plain; charset=utf-8',
	'.woff2': 'font/woff2',
	'.map': 'application/json'
};

export function contentType(key: string): string {
	return TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream';
}

export interface PublishItem {
	key: string;
	file?: string;
	body?: Uint8Array;
	immutable: boolean;
}

export interface PublishInput {
	/** The adapter-node build folder (its `client/` is the static part). */
	buildDir: string;
	modelsDir: string;
	/** release.json body. */
	release: object;
	/** Test hook: throw after this many uploads (simulates a crash mid-publish). */
	failAfterUploads?: number;
	log?: (line: string) => void;
}

export interface PublishReport {
	target: string;
	uploaded: number;
	skipped: number;
	bytes: number;
	pointer: string;
}

async function listFiles(root: string, dir = root): Promise<string[]> {
	const out: string[] = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...(await listFiles(root, full)));
		else if (entry.isFile()) out.push(path.relative(root, full).split(path.sep).join('/'));
	}
	return out.sort();
}

/** Model files of the versions the pointer will name (champion and challenger). */
async function bundleItems(modelsDir: string): Promise<PublishItem[]> {
	const registry = await readRegistry({ modelsDir });
	const items = new Map<string, PublishItem>();
	for (const version of [registry.aliases.champion, registry.aliases.challenger]) {
		const entry = version ? registry.versions.find((v) => v.version === version) : undefined;
		if (!entry) continue;
		const manifestFile = path.join(modelsDir, entry.manifest);
		const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
		for (const f of [manifest.files.model, manifest.files.vocabulary])
			items.set(f.path, { key: `models/${f.path}`, file: path.join(modelsDir, f.path), immutable: true });
		items.set(entry.manifest, { key: `models/${entry.manifest}`, file: manifestFile, immutable: true });
		// Not immutable: rotating the signing key re-signs published versions.
		const signature = path.join(path.dirname(entry.manifest), SIGNATURE_FILE);
		items.set(signature, { key: `models/${signature}`, file: path.join(modelsDir, signature), immutable: false });
	}
	return [...items.values()];
}

/** Everything to publish, in publishing order (the pointer last). */
export async function publishPlan(input: PublishInput): Promise<PublishItem[]> {
	const client = path.join(input.buildDir, 'client');
	// Precompressed twins (.br/.gz) are for adapter-node; a CDN negotiates encoding itself.
	const appFiles = (await listFiles(client)).filter((k) => !/\.(br|gz)$/.test(k) && k !== RELEASE_KEY);
	const app = appFiles.map((key) => ({ key, file: path.join(client, key), immutable: key.startsWith('_app/immutable/') }));
	const pointer = await modelsPointer(input.modelsDir);
	const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, '\t')}\n`);
	return [
		...app.filter((i) => i.immutable),
		...(await bundleItems(input.modelsDir)),
		...app.filter((i) => !i.immutable),
		{ key: RELEASE_KEY, body: json(input.release), immutable: false },
		{ key: POINTER_KEY, body: json(pointer), immutable: false }
	];
}

export async function publish(target: PublishTarget, input: PublishInput): Promise<PublishReport> {
	const log = input.log ?? (() => {});
	await target.open();
	const plan = await publishPlan(input);
	let uploaded = 0;
	let skipped = 0;
	let bytes = 0;
	for (const item of plan) {
		const body = item.body ?? new Uint8Array(await readFile(item.file!));
		const sha256 = createHash('sha256').update(body).digest('hex');
		const existing = await target.existingHash(item.key);
		if (existing === sha256) {
			skipped++;
			continue;
		}
		if (item.immutable && existing !== null) {
			throw new PublishError(
				'PUBLISH_CONFLICT',
				`${target.name}: ${item.key} already exists with different content (sha256 ${existing.slice(0, 12)}, new ${sha256.slice(0, 12)}). Immutable paths never change: build a new version instead.`
			);
		}
		if (input.failAfterUploads !== undefined && uploaded >= input.failAfterUploads) {
			throw new PublishError('PUBLISH_INTERRUPTED', `${target.name}: publish interrupted after ${uploaded} uploads (before ${item.key})`);
		}
		await target.put(item.key, body, { contentType: contentType(item.key), cacheControl: item.immutable ? IMMUTABLE : NO_CACHE, sha256 });
		uploaded++;
		bytes += body.byteLength;
	}
	log(`  ${target.name}: ${uploaded} uploaded (${(bytes / 1e6).toFixed(1)} MB), ${skipped} unchanged skipped, pointer ${POINTER_KEY} last`);
	return { target: target.name, uploaded, skipped, bytes, pointer: POINTER_KEY };
}

/** Re-publish only the pointer from the registry (rollback): clients switch on their next manifest check. */
export async function publishPointer(target: PublishTarget, modelsDir: string): Promise<void> {
	await target.open();
	const body = new TextEncoder().encode(`${JSON.stringify(await modelsPointer(modelsDir), null, '\t')}\n`);
	await target.put(POINTER_KEY, body, {
		contentType: contentType(POINTER_KEY),
		cacheControl: NO_CACHE,
		sha256: createHash('sha256').update(body).digest('hex')
	});
}
