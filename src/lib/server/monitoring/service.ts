/** Summary for a range: events from the database, references from the manifests, then the pure math. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { referenceDistributions } from '../models/bundles.ts';
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
