/**
 * The registry as the server's read-only pages use it (/models/manifest.json, monitoring):
 * a registry.json that cannot be read or is invalid (a bad hand edit, a half-copied file)
 * must not turn them into 500s. Each read falls back to the last registry this process
 * read successfully from the same folder, and the problem is logged once per reason. The
 * model service keeps its own rule (it keeps serving what it loaded).
 */
import type { Registry } from '../../bundle/registry.ts';
import { readRegistry } from '../../registry/registry.ts';

export interface RegistryView {
	/** The current registry, or the last good one when `error` is set; null when none was ever read. */
	registry: Registry | null;
	/** Why the current file could not be used, or null. */
	error: string | null;
}

const lastGood = new Map<string, Registry>();
const reported = new Map<string, string>();

export async function lastGoodRegistry(modelsDir: string, log: (line: string) => void = console.error): Promise<RegistryView> {
	try {
		const registry = await readRegistry({ modelsDir });
		lastGood.set(modelsDir, registry);
		reported.delete(modelsDir);
		return { registry, error: null };
	} catch (e) {
		const error = (e as Error).message;
		const registry = lastGood.get(modelsDir) ?? null;
		if (reported.get(modelsDir) !== error) {
			reported.set(modelsDir, error);
			log(`models: the registry cannot be read (${error}); ${registry ? 'using the last good copy read before' : 'no good copy read before'}`);
		}
		return { registry, error };
	}
}
