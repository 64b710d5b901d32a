/**
 * Reads what realized.ts needs: every review decision (with the verdict it judged) and,
 * per model version, the count and probability sum of the synced inventory's verdicts.
 * All reviews to date, per model version: a version is the unit that gets better or worse.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Alert } from './types.ts';
import {
	estimatedByModel,
	realizedAlerts,
	realizedByModel,
	type EstimatedByModel,
	type RealizedByModel,
	type RealizedThresholds
} from './realized.ts';

export interface PerformanceSummary {
	realized: { byModel: RealizedByModel[] };
	estimated: { byModel: EstimatedByModel[] };
	alerts: Alert[];
}

export const DEFAULT_MIN_AUDIT_REVIEWS = 20;

export async function performanceSummary(
	db: Kysely<Database>,
	options: { model: string | null; accuracyAlert: number; minReviewed?: number; period?: { from: string; to: string } }
): Promise<PerformanceSummary> {
	let reviews = db.selectFrom('reviews').select(['model_version', 'source', 'model_label', 'model_probability', 'label']);
	if (options.model) reviews = reviews.where('model_version', '=', options.model);
	let sums = db
		.selectFrom('inventory')
		.select(['model_version', 'label', sql<number>`count(*)`.as('count'), sql<number>`sum(probability)`.as('probability_sum')])
		.where('deleted', '=', 0)
		.groupBy(['model_version', 'label']);
	if (options.model) sums = sums.where('model_version', '=', options.model);
	const [reviewRows, sumRows] = await Promise.all([reviews.execute(), sums.execute()]);
	const byModel = realizedByModel(
		reviewRows.map((r) => ({
			modelVersion: r.model_version,
			source: r.source,
			modelLabel: Number(r.model_label) as 0 | 1,
			modelProbability: Number(r.model_probability),
			label: r.label === null ? null : (Number(r.label) as 0 | 1)
		}))
	);
	const thresholds: RealizedThresholds = { accuracy: options.accuracyAlert, minReviewed: options.minReviewed ?? DEFAULT_MIN_AUDIT_REVIEWS };
	return {
		realized: { byModel },
		estimated: {
			byModel: estimatedByModel(
				sumRows.map((r) => ({
					modelVersion: r.model_version,
					label: Number(r.label) as 0 | 1,
					count: Number(r.count),
					probabilitySum: Number(r.probability_sum)
				}))
			)
		},
		alerts: realizedAlerts(byModel, thresholds, options.period)
	};
}
