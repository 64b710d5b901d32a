/** Document findings as a spreadsheet (CSV): one row per finding, in the panel's order. */
import type { Finding } from '../documents/types.ts';
import { toCsv } from './csv-export.ts';

export const FINDINGS_CSV_HEADER = [
	'document',
	'page',
	'passage',
	'verdict',
	'probability_non_compliant',
	'needs_review',
	'review_reasons',
	'text'
];

export function findingsCsv(findings: readonly Finding[]): string {
	return toCsv(
		FINDINGS_CSV_HEADER,
		findings.map((f) => [
			f.document,
			f.page,
			f.passage,
			f.label === 1 ? 'non-compliant' : 'compliant',
			Number(f.probability.toFixed(4)),
			f.needsReview ? 'yes' : 'no',
			f.reviewReasons.join('; '),
			f.text
		])
	);
}
