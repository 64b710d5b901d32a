import { describe, expect, it } from 'vitest';
import { toCsv } from '../pwa/csv-export.ts';
import { RESCAN_CSV_HEADER, rescanCsvRows, rescanSummary } from './rescan-export.ts';

describe('the changes list for people and spreadsheets', () => {
	it('says how many verdicts flipped each way, and the kept human labels', () => {
		expect(rescanSummary({ toNonCompliant: 1, toCompliant: 2, disagreeWithHuman: 0 })).toBe(
			'Changed by the new model: 1 now non-compliant, 2 now compliant'
		);
		expect(rescanSummary({ toNonCompliant: 0, toCompliant: 0, disagreeWithHuman: 1 })).toMatch(/disagrees with 1 human label \(kept\)$/);
	});

	it('exports one row per change with the old and the new label', () => {
		const csv = toCsv(
			RESCAN_CSV_HEADER,
			rescanCsvRows([
				{ id: 'a', model: 'v2', description: '=steel bracket, 1997', partNumber: null, from: 0, to: 1, probability: 0.91234, human: false }
			])
		);
		expect(csv.split('\r\n')[1]).toBe(`a,,"'=steel bracket, 1997",compliant,non-compliant,0.9123,no,v2`);
	});
});
