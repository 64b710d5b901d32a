/**
 * From a version or alias to a validated manifest: what loading a model needs. Failures
 * are MODEL_LOAD InferenceErrors that say what to do (the CLI and /api/health show them).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseManifest, type Manifest } from '../bundle/manifest.ts';
import { parseRegistry, type Registry } from '../bundle/registry.ts';
import { InferenceError } from '../inference/errors.ts';
import { resolveModelsPath } from './models-dir.ts';
import { REGISTRY_FILE } from './registry.ts';

async function readJson(file: string, what: string): Promise<unknown> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (cause) {
		throw new InferenceError('MODEL_LOAD', `Cannot read ${what} at ${file}: ${(cause as Error).message}`, { cause });
	}
	try {
		return JSON.parse(text);
	} catch (cause) {
		throw new InferenceError('MODEL_LOAD', `${what} at ${file} is not valid JSON: ${(cause as Error).message}`, { cause });
	}
}

/** `version` may be a version id or an alias ("champion", "challenger"). */
export async function resolveVersion(modelsDir: string, version = 'champion'): Promise<string> {
	const registry = parseRegistry(await readJson(path.join(modelsDir, REGISTRY_FILE), 'the model registry'), 'models/registry.json');
	if (version === 'champion' || version === 'challenger') {
		const v = registry.aliases[version];
		if (!v) throw new InferenceError('MODEL_LOAD', `The registry in ${modelsDir} has no ${version}. Train one with \`npm run train\`.`);
		return v;
	}
	if (!registry.versions.some((e) => e.version === version)) {
		const known = registry.versions.map((e) => e.version).join(', ') || 'none';
		throw new InferenceError('MODEL_LOAD', `Model version "${version}" is not in the registry. Registered versions: ${known}.`);
	}
	return version;
}

/** The manifest of a version folder (`<models>/<version>/manifest.json`). */
export async function readManifest(modelsDir: string, version: string): Promise<Manifest> {
	return parseManifest(
		await readJson(path.join(modelsDir, version, 'manifest.json'), `the manifest of ${version}`),
		`models/${version}/manifest.json`
	);
}

const manifestCache = new Map<string, { mtimeMs: number; manifest: Manifest }>();

/**
 * The manifest of a registered `version`, or null when the registry does not list it;
 * cached until the file changes (the server reads manifests per request).
 */
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
