/** Summary for a range: rollups and references from storage, then the pure maths (summary.ts). */
import type { Kysely } from 'kysely';
import type { ReferenceDistribution } from '../../bundle/manifest.ts';
import { loadManifest } from '../../registry/resolve.ts';
import { lastGoodRegistry } from '../models/last-good-registry.ts';
import type { Database } from '../db/schema.ts';
import { loadRollups, oldestRawEvent } from './load-rollups.ts';
import { chooseBucketMs, summarize } from './summary.ts';
import type { MonitoringSummary } from './types.ts';

export async function monitoringSummary(
	db: Kysely<Database>,
	modelsDir: string,
	range: { from: number; to: number; model: string | null },
	retentionDays: number
): Promise<MonitoringSummary> {
	const bucketMs = chooseBucketMs(range.from, range.to);
	const [input, oldest] = await Promise.all([loadRollups(db, { ...range, bucketMs }), oldestRawEvent(db)]);
	const references = await referenceDistributions(
		modelsDir,
		input.rows.map((r) => r.modelVersion)
	);
	return summarize(input, { ...range, bucketMs, references, rawData: { from: oldest, retentionDays } });
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
