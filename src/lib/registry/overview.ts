/**
 * What the admin Models page shows: every registered version with its headline metrics
 * (test set, realistic hand-written set), size, regulation, signature and aliases, and the
 * registry history, newest first.
 */
import { resolveTrustedKeys } from '../bundle/trusted-keys.ts';
import type { RegistryEvent, VersionStatus } from '../bundle/registry.ts';
import { readRegistry } from './registry.ts';
import { readManifest } from './resolve.ts';
import { verifyBundle } from './signing.ts';

export interface VersionOverview {
	version: string;
	created: string;
	status: VersionStatus;
	champion: boolean;
	challenger: boolean;
	regulation: string;
	modelBytes: number;
	/** Test-set accuracy recorded at training. */
	accuracy: number;
	/** Realistic hand-written set (never trained on), when the manifest records it. */
	realistic: { accuracy: number; unflaggedError: number; flaggedDecidable: number; count: number } | null;
	/** "signed" (trusted key, files match), or why not. */
	signature: { ok: boolean; detail: string };
}

export interface ModelsOverview {
	champion: string | null;
	challenger: string | null;
	versions: VersionOverview[];
	history: RegistryEvent[];
}

interface RealisticMetrics {
	count?: number;
	accuracy?: number;
	review?: { unflaggedError?: number; flaggedShareDecidable?: number };
}

async function signatureOf(modelsDir: string, version: string, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; detail: string }> {
	try {
		const { keyId } = await verifyBundle(modelsDir, version, resolveTrustedKeys(env).keys);
		return { ok: true, detail: `signed (${keyId})` };
	} catch (error) {
		// The loaders' own words (no signature.json, untrusted key, a file that does not match).
		return { ok: false, detail: (error as Error).message };
	}
}

export async function modelsOverview(modelsDir: string, env: NodeJS.ProcessEnv = process.env): Promise<ModelsOverview> {
	const registry = await readRegistry({ modelsDir });
	const versions = await Promise.all(
		registry.versions.map(async (entry): Promise<VersionOverview> => {
			const manifest = await readManifest(modelsDir, entry.version).catch(() => null);
			const r = (manifest?.metrics as { realistic?: RealisticMetrics } | undefined)?.realistic;
			return {
				version: entry.version,
				created: entry.created,
				status: entry.status,
				champion: registry.aliases.champion === entry.version,
				challenger: registry.aliases.challenger === entry.version,
				regulation: entry.regulation ?? manifest?.regulation?.id ?? 'cutoff-1995',
				modelBytes: entry.modelBytes,
				accuracy: entry.metrics.accuracy,
				realistic:
					r?.accuracy !== undefined
						? {
								accuracy: r.accuracy,
								unflaggedError: r.review?.unflaggedError ?? NaN,
								flaggedDecidable: r.review?.flaggedShareDecidable ?? NaN,
								count: r.count ?? 0
							}
						: null,
				signature: await signatureOf(modelsDir, entry.version, env)
			};
		})
	);
	versions.sort((a, b) => b.created.localeCompare(a.created));
	return { ...registry.aliases, versions, history: [...registry.history].reverse() };
}
