/**
 * What the server needs from the models folder: the registry (via model-registry.ts),
 * manifests by version (validated), and safe paths of bundle files.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseManifest, type Manifest, type ReferenceDistribution } from '../../bundle/manifest.ts';
import type { Registry } from '../../bundle/registry.ts';
import { readRegistry } from '../model-registry.ts';

export async function loadRegistry(modelsDir: string): Promise<Registry> {
	return readRegistry({ modelsDir });
}

const manifestCache = new Map<string, { mtimeMs: number; manifest: Manifest }>();

/** The manifest of `version`, or null when the registry does not list it. */
export async function loadManifest(modelsDir: string, registry: Registry, version: string): Promise<Manifest | null> {
	const entry = registry.versions.find((v) => v.version === version);
	if (!entry) return null;
	const file = resolveModelsPath(modelsDir, entry.manifest);
	if (!file) return null;
	const { mtimeMs } = await stat(file);
	const cached = manifestCache.get(file);
	if (cached && cached.mtimeMs === mtimeMs) return cached.manifest;
	const manifest = parseManifest(JSON.parse(await readFile(file, 'utf8')), file);
	manifestCache.set(file, { mtimeMs, manifest });
	return manifest;
}

/** Reference distributions of the given versions that have a readable manifest. */
export async function referenceDistributions(modelsDir: string, versions: Iterable<string>): Promise<Map<string, ReferenceDistribution>> {
	const registry = await loadRegistry(modelsDir);
	const refs = new Map<string, ReferenceDistribution>();
	for (const version of new Set(versions)) {
		try {
			const manifest = await loadManifest(modelsDir, registry, version);
			if (manifest) refs.set(version, manifest.referenceDistribution);
		} catch (e) {
			console.warn(`monitoring: no reference distribution for ${version}: ${(e as Error).message}`);
		}
	}
	return refs;
}

/**
 * The absolute path of `relative` inside the models folder, or null when it would
 * leave it (`..`, absolute paths, encoded tricks) or names a hidden file.
 */
export function resolveModelsPath(modelsDir: string, relative: string): string | null {
	if (relative.includes('\0') || relative.includes('\\')) return null;
	const segments = relative.split('/');
	if (segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'))) return null;
	const root = path.resolve(modelsDir);
	const full = path.resolve(root, ...segments);
	return full.startsWith(root + path.sep) ? full : null;
}
