/**
 * Network side of bundle loading: the pointer file (/models/manifest.json), a version's
 * manifest with its signature (checked against the keys pinned in the app build), and
 * file downloads with ONE aggregate progress figure, verified (size + sha256) before
 * anything is handed back. A half-downloaded file never leaves here.
 */
import { z } from '#lib/zod.ts';
import { parseManifest, type BundleFile, type Manifest } from '../bundle/manifest.ts';
import { verifyBundleFile } from '../bundle/integrity.ts';
import { SIGNATURE_FILE, verifyManifestSignature, type TrustedKeys } from '../bundle/signature.ts';
import { InferenceError } from './errors.ts';

const versionId = z.string().regex(/^[A-Za-z0-9._-]+$/);
const pointerEntry = z
	.union([versionId, z.object({ version: versionId, manifest: z.string().optional() })])
	.nullable()
	.optional();

/**
 * What /models/manifest.json says to run. Accepts `{champion, challenger}` (a version or
 * `{version, manifest}`) or the registry's `{aliases: {champion, challenger}}` shape.
 */
const pointerSchema = z.union([
	// The alias shape first: every key of the other one is optional, so it would match anything.
	z.object({ aliases: z.object({ champion: pointerEntry, challenger: pointerEntry }) }),
	z.object({ champion: pointerEntry, challenger: pointerEntry })
]);

export interface VersionPointer {
	version: string;
	/** Manifest path: from the site root ("/models/v1/manifest.json") or relative to the models base. */
	manifest: string;
}

export interface ModelPointer {
	champion: VersionPointer | null;
	challenger: VersionPointer | null;
}

function toPointer(entry: z.infer<typeof pointerEntry>): VersionPointer | null {
	if (!entry) return null;
	if (typeof entry === 'string') return { version: entry, manifest: `${entry}/manifest.json` };
	return { version: entry.version, manifest: entry.manifest ?? `${entry.version}/manifest.json` };
}

export function parsePointer(json: unknown): ModelPointer {
	const result = pointerSchema.safeParse(json);
	if (!result.success) {
		throw new InferenceError(
			'MODEL_LOAD',
			`/models/manifest.json does not name a champion model (${result.error.issues[0]?.message}). Publish a model with \`npm run models\`.`
		);
	}
	const aliases = 'aliases' in result.data ? result.data.aliases : result.data;
	return { champion: toPointer(aliases.champion), challenger: toPointer(aliases.challenger) };
}

async function fetchOk(url: string, what: string, init?: RequestInit): Promise<Response> {
	const response = await fetchOrMissing(url, what, init);
	if (!response)
		throw new InferenceError(
			'NETWORK',
			`The server answered 404 for ${what} (${url}). The server has no such model; publish one with \`npm run models\`.`
		);
	return response;
}

/** The response, or null for a 404 (a file that does not exist); other failures are NETWORK errors. */
async function fetchOrMissing(url: string, what: string, init?: RequestInit): Promise<Response | null> {
	let response: Response;
	try {
		response = await fetch(url, { cache: 'no-store', credentials: 'same-origin', ...init });
	} catch (cause) {
		throw new InferenceError(
			'NETWORK',
			`Cannot reach the server for ${what} (${(cause as Error)?.message ?? cause}). Check the connection; the app keeps using the model it has.`,
			{ cause }
		);
	}
	if (response.status === 404) return null;
	if (!response.ok) {
		const hint = response.status === 401 || response.status === 403 ? ' Sign in again.' : '';
		throw new InferenceError('NETWORK', `The server answered ${response.status} for ${what} (${url}).${hint}`);
	}
	return response;
}

async function fetchJson(url: string, what: string, options: { missingIsNull?: boolean } = {}): Promise<unknown> {
	const response = options.missingIsNull ? await fetchOrMissing(url, what) : await fetchOk(url, what);
	return response ? readJsonBody(response, url, what) : null;
}

async function readJsonBody(response: Response, url: string, what: string): Promise<unknown> {
	try {
		return await response.json();
	} catch (cause) {
		throw new InferenceError('MODEL_LOAD', `${what} at ${url} is not valid JSON.`, { cause });
	}
}

export async function fetchPointer(base: string): Promise<ModelPointer> {
	return parsePointer(await fetchJson(`${base}/manifest.json`, 'the model list'));
}

/** `manifest` may be a path from the site root ("/models/v1/manifest.json") or relative to the models base. */
export function manifestUrl(base: string, manifest: string): string {
	const origin = globalThis.location?.origin ?? 'http://localhost';
	const url = new URL(manifest, new URL(`${base.replace(/\/$/, '')}/`, origin));
	return url.origin === origin ? url.pathname : url.href;
}

/** A manifest as published (`json`, what was signed) with its signature, and its validated form. */
export interface SignedManifest {
	manifest: Manifest;
	json: unknown;
	signature: unknown;
}

/** The manifest and its signature.json beside it; BUNDLE_SIGNATURE unless a trusted key signed it. */
export async function fetchManifest(base: string, pointer: VersionPointer, trusted: TrustedKeys): Promise<SignedManifest> {
	const url = manifestUrl(base, pointer.manifest);
	const json = await fetchJson(url, `the manifest of model ${pointer.version}`);
	const signatureUrl = url.replace(/[^/]*$/, SIGNATURE_FILE);
	const signature = await fetchJson(signatureUrl, `the signature of model ${pointer.version}`, { missingIsNull: true });
	await verifyManifestSignature(json, signature, trusted, pointer.version);
	let manifest: Manifest;
	try {
		manifest = parseManifest(json, url);
	} catch (cause) {
		throw new InferenceError('UNSUPPORTED_BUNDLE', (cause as Error).message, { cause });
	}
	if (manifest.version !== pointer.version) {
		throw new InferenceError(
			'BUNDLE_INTEGRITY',
			`${url} describes version ${manifest.version}, but the model list names ${pointer.version}. The server's model files are inconsistent; republish them.`
		);
	}
	return { manifest, json, signature };
}

/**
 * Fail early with STORAGE_FULL when the browser will not give us `bytes` more, and ask
 * for persistent storage so the model is not evicted under pressure.
 */
export async function ensureRoom(bytes: number): Promise<{ persisted: boolean | null }> {
	const storage = globalThis.navigator?.storage;
	if (!storage) return { persisted: null };
	if (bytes > 0 && typeof storage.estimate === 'function') {
		const { usage = 0, quota } = await storage.estimate();
		// Cache Storage pads entries; keep 10% headroom.
		if (quota !== undefined && quota - usage < bytes * 1.1) {
			const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
			throw new InferenceError(
				'STORAGE_FULL',
				`Not enough storage for the model: it needs ${mb(bytes)}, the browser allows ${mb(Math.max(0, quota - usage))} more. Free space on the device (or clear other sites' data) and retry.`
			);
		}
	}
	let persisted: boolean | null = null;
	try {
		persisted = typeof storage.persist === 'function' ? await storage.persist() : null;
	} catch {
		// persist() is a request the browser may decline; the model still works, it may just be evicted.
	}
	return { persisted };
}

export interface DownloadProgress {
	loadedBytes: number;
	totalBytes: number;
}

/** Download files one after another, reporting one aggregate figure; returns verified bytes in input order. */
export async function downloadFiles(
	base: string,
	files: readonly BundleFile[],
	onProgress: (p: DownloadProgress) => void,
	signal?: AbortSignal
): Promise<Uint8Array[]> {
	const totalBytes = files.reduce((n, f) => n + f.bytes, 0);
	let loadedBytes = 0;
	onProgress({ loadedBytes, totalBytes });
	const out: Uint8Array[] = [];
	for (const file of files) {
		const response = await fetchOk(`${base}/${file.path}`, `model file ${file.path}`, { signal });
		if (!response.body) throw new InferenceError('NETWORK', `The server sent no body for ${file.path}.`);
		const buffer = new Uint8Array(file.bytes);
		let offset = 0;
		const reader = response.body.getReader();
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				if (offset + value.byteLength > buffer.byteLength) {
					throw new InferenceError(
						'BUNDLE_INTEGRITY',
						`${file.path} is larger than the ${file.bytes} bytes its manifest says: the file was changed. It was not used.`
					);
				}
				buffer.set(value, offset);
				offset += value.byteLength;
				loadedBytes += value.byteLength;
				onProgress({ loadedBytes, totalBytes });
			}
		} catch (cause) {
			await reader.cancel().catch(() => {});
			if (cause instanceof InferenceError) throw cause;
			throw new InferenceError(
				'NETWORK',
				`The download of ${file.path} broke off after ${offset} of ${file.bytes} bytes (${(cause as Error)?.message ?? cause}). Retry when the connection is stable; the current model keeps working.`,
				{ cause }
			);
		}
		const bytes = buffer.subarray(0, offset);
		await verifyBundleFile(bytes, file);
		out.push(bytes);
	}
	return out;
}
