/** Summary for a range: events from the database, references from the manifests, then the pure math. */
import type { Kysely } from 'kysely';
import type { ReferenceDistribution } from '../../bundle/manifest.ts';
import { loadManifest } from '../../registry/resolve.ts';
import { lastGoodRegistry } from '../models/last-good-registry.ts';
import type { Database } from '../db/schema.ts';
import { loadEvents } from './load-events.ts';
import { computeSummary } from './summary.ts';
import type { MonitoringSummary } from './types.ts';

export async function monitoringSummary(
	db: Kysely<Database>,
	modelsDir: string,
	range: { from: number; to: number; model: string | null }
): Promise<MonitoringSummary> {
	const { events, truncated } = await loadEvents(db, range);
	const references = await referenceDistributions(
		modelsDir,
		events.map((e) => e.modelVersion)
	);
	return computeSummary(events, { ...range, references, truncated });
}

/**
 * Reference distributions of the given versions that have a readable manifest. A registry
 * that cannot be read (and was never read) leaves drift without references, not a 500.
 */
async function referenceDistributions(modelsDir: string, versions: Iterable<string>): Promise<Map<string, ReferenceDistribution>> {
	const { registry } = await lastGoodRegistry(modelsDir);
	const refs = new Map<string, ReferenceDistribution>();
	if (!registry) return refs;
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
