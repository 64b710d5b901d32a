import { describe, expect, it } from 'vitest';
import { findingsCsv } from './findings-export.ts';

describe('findingsCsv', () => {
	it('writes one row per finding with page, verdict and reasons, quoted for spreadsheets', () => {
		const csv = findingsCsv([
			{
				document: 'spec.md',
				page: 2,
				passage: 4,
				text: 'Iron gear, 1980',
				label: 1,
				probability: 0.98765,
				needsReview: true,
				reviewReasons: ['condition not stated']
			},
			{ document: 'spec.md', page: 3, passage: 6, text: '=steel 2005', label: 0, probability: 0.01, needsReview: false, reviewReasons: [] }
		]);
		expect(csv.split('\r\n')).toEqual([
			'\ufeffdocument,page,passage,verdict,probability_non_compliant,needs_review,review_reasons,text',
			'spec.md,2,4,non-compliant,0.9877,yes,condition not stated,"Iron gear, 1980"',
			"spec.md,3,6,compliant,0.01,no,,'=steel 2005",
			''
		]);
	});
});
