/**
 * The registry as the server's read-only pages use it (/models/manifest.json, monitoring):
 * a registry.json that cannot be read or is invalid (a bad hand edit, a half-copied file)
 * must not turn them into 500s. Each read falls back to the last registry this process
 * read successfully from the same folder, and the problem is logged once per reason. The
 * model service keeps its own rule (it keeps serving what it loaded).
 *
 * Telemetry checks every batch's model versions against the registry, so a read is on
 * the ingestion path: while the file's inode, size and modification time (nanoseconds)
 * are unchanged, the registry parsed last time is returned without reading the file.
 */
import type { Registry } from '../../bundle/registry.ts';
import { stat } from 'node:fs/promises';
import { readRegistry, registryPath } from '../../registry/registry.ts';

export interface RegistryView {
	/** The current registry, or the last good one when `error` is set; null when none was ever read. */
	registry: Registry | null;
	/** Why the current file could not be used, or null. */
	error: string | null;
}

const lastGood = new Map<string, Registry>();
const reported = new Map<string, string>();
const unchanged = new Map<string, { key: string; registry: Registry }>();

/** Identity of the file as it is now, or null when it cannot be stated (then it is read). */
async function fileKey(modelsDir: string): Promise<string | null> {
	try {
		const s = await stat(registryPath({ modelsDir }), { bigint: true });
		return `${s.ino}:${s.size}:${s.mtimeNs}`;
	} catch {
		return null;
	}
}

export async function lastGoodRegistry(modelsDir: string, log: (line: string) => void = console.error): Promise<RegistryView> {
	const key = await fileKey(modelsDir);
	const cached = unchanged.get(modelsDir);
	if (key && cached?.key === key) return { registry: cached.registry, error: null };
	try {
		const registry = await readRegistry({ modelsDir });
		if (key) unchanged.set(modelsDir, { key, registry });
		else unchanged.delete(modelsDir);
		lastGood.set(modelsDir, registry);
		reported.delete(modelsDir);
		return { registry, error: null };
	} catch (e) {
		unchanged.delete(modelsDir);
		const error = (e as Error).message;
		const registry = lastGood.get(modelsDir) ?? null;
		if (reported.get(modelsDir) !== error) {
			reported.set(modelsDir, error);
			log(`models: the registry cannot be read (${error}); ${registry ? 'using the last good copy read before' : 'no good copy read before'}`);
		}
		return { registry, error };
	}
}
