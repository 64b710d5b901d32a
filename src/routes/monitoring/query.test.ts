import { describe, expect, it } from 'vitest';
import { bucketWords, formFromUrl, queryFromForm } from './query.ts';
import { timelineTable } from './export.ts';
import { computeSummary } from '#lib/server/monitoring/summary.ts';

describe('the monitoring filter in the address', () => {
	it('reads presets, custom ranges and alert slices, and writes them back', () => {
		expect(formFromUrl(new URLSearchParams(''))).toEqual({ range: '7d', from: '', to: '', model: '' });
		expect(formFromUrl(new URLSearchParams('last=1h&model=v3'))).toEqual({ range: '1h', from: '', to: '', model: 'v3' });
		const slice = 'from=2026-11-01T10%3A00%3A00.000Z&to=2026-11-01T11%3A00%3A00.000Z&model=v3';
		const form = formFromUrl(new URLSearchParams(slice));
		expect(form.range).toBe('custom');
		expect(queryFromForm(form)).toBe(slice);
		expect(queryFromForm({ range: '24h', from: '2026-11-01', to: '', model: '' })).toBe('last=24h');
	});

	it('names bucket sizes in words', () => {
		expect([5, 60, 1440].map((m) => bucketWords(m * 60_000))).toEqual(['5 minutes', '1 hour', '1 day']);
	});
});

describe('CSV rows', () => {
	it('has one row per time bucket with the predictions of each model', () => {
		const T0 = Date.parse('2026-11-01T00:00:00Z');
		const event = {
			kind: 'prediction',
			appVersion: '1',
			backend: 'wasm',
			latencyMs: 5,
			errorCode: null,
			tokenCount: 4,
			oovCount: 1
		} as const;
		const s = computeSummary(
			[
				{
					...event,
					time: T0,
					modelVersion: 'a',
					label: 1,
					probability: 0.9,
					overridden: false,
					shadowModelVersion: null,
					shadowLabel: null
				},
				{
					...event,
					time: T0 + 3_600_000,
					modelVersion: 'b',
					label: 0,
					probability: 0.1,
					overridden: true,
					shadowModelVersion: null,
					shadowLabel: null
				}
			],
			{ from: T0, to: T0 + 2 * 3_600_000, bucketMs: 3_600_000 }
		);
		const table = timelineTable(s);
		expect(table.header).toEqual([
			'bucket_start_utc',
			'predictions',
			'non_compliant_share',
			'unknown_word_rate',
			'mean_words',
			'override_rate',
			'predictions_a',
			'predictions_b'
		]);
		expect(table.rows).toEqual([
			['2026-11-01T00:00:00.000Z', 1, 1, 0.25, 4, 0, 1, 0],
			['2026-11-01T01:00:00.000Z', 1, 0, 0.25, 4, 1, 0, 1]
		]);
	});
});
