/** The re-scan's changes list as CSV rows (pure, unit-tested). */
import type { RescanChange } from '../storage/schema.ts';

export const RESCAN_CSV_HEADER = [
	'id',
	'part_number',
	'description',
	'was',
	'now',
	'probability_non_compliant',
	'human_label_kept',
	'model_version'
];

const name = (l: 0 | 1) => (l === 1 ? 'non-compliant' : 'compliant');

export function rescanCsvRows(changes: readonly RescanChange[]): unknown[][] {
	return changes.map((c) => [
		c.id,
		c.partNumber ?? '',
		c.description,
		name(c.from),
		name(c.to),
		Number(c.probability.toFixed(4)),
		c.human ? 'yes' : 'no',
		c.model
	]);
}

/** "Changed by the new model: 1 now non-compliant, 2 now compliant" (and disagreements with a human label). */
export function rescanSummary(counts: { toNonCompliant: number; toCompliant: number; disagreeWithHuman: number }): string {
	const human = counts.disagreeWithHuman
		? `; the new model disagrees with ${counts.disagreeWithHuman} human label${counts.disagreeWithHuman === 1 ? '' : 's'} (kept)`
		: '';
	return `Changed by the new model: ${counts.toNonCompliant} now non-compliant, ${counts.toCompliant} now compliant${human}`;
}
