/** Responses for /models: the alias pointer (no-cache) and immutable bundle files. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { SIGNATURE_FILE } from '../../bundle/signature.ts';
import { realModelsPath } from '../../registry/models-dir.ts';
import type { Registry } from '../../bundle/registry.ts';
import { readRegistry } from '../../registry/registry.ts';

/** Body of GET /models/manifest.json. */
export interface ModelsPointer {
	champion: { version: string; manifest: string } | null;
	challenger: { version: string; manifest: string } | null;
}

/** The pointer of the registry in `modelsDir`; throws when it cannot be read (the release publishes it). */
export async function modelsPointer(modelsDir: string): Promise<ModelsPointer> {
	return pointerOf(await readRegistry({ modelsDir }));
}

export function pointerOf(registry: Registry): ModelsPointer {
	const pick = (version: string | null) => {
		const entry = version ? registry.versions.find((v) => v.version === version) : undefined;
		return entry ? { version: entry.version, manifest: `/models/${entry.manifest}` } : null;
	};
	return { champion: pick(registry.aliases.champion), challenger: pick(registry.aliases.challenger) };
}

const MIME: Record<string, string> = {
	'.onnx': 'application/octet-stream',
	'.bin': 'application/octet-stream',
	'.json': 'application/json'
};

/** A bundle file, or null (-> 404) for anything else: unknown types, the registry itself, paths leaving the folder. */
export async function bundleFileResponse(modelsDir: string, relative: string): Promise<Response | null> {
	const type = MIME[path.extname(relative).toLowerCase()];
	// Bundle files live in a version or vocabulary folder; top-level files (registry.json) are private.
	if (!type || !relative.includes('/')) return null;
	// Symbolic links are resolved: one that leads out of the models folder is not served.
	const file = await realModelsPath(modelsDir, relative);
	if (!file) return null;
	const info = await stat(file).catch(() => null);
	if (!info?.isFile()) return null;
	return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
		headers: {
			'content-type': type,
			'content-length': String(info.size),
			// A version's files never change (new model = new version folder; vocab named by hash);
			// its signature does when the signing key is rotated.
			'cache-control': path.basename(file) === SIGNATURE_FILE ? 'no-cache' : 'public, max-age=31536000, immutable'
		}
	});
}
