/**
 * The monitoring filter as the form holds it and as the address carries it
 * (?last=24h&model=v3, or ?from=&to= for a custom range or an alert's slice). Pure.
 */
import { isPreset, RANGE_PRESETS, type RangePreset } from '#lib/monitoring/presets.ts';

export interface FilterForm {
	/** A preset ending now, or 'custom' (from/to below). */
	range: RangePreset | 'custom';
	/** Custom range, as the form's date inputs hold it (YYYY-MM-DD), or an exact ISO time from an alert link. */
	from: string;
	to: string;
	model: string;
}

export const DEFAULT_PRESET: RangePreset = '7d';

export function formFromUrl(params: Pick<URLSearchParams, 'get'>): FilterForm {
	const last = params.get('last');
	const from = params.get('from') ?? '';
	const to = params.get('to') ?? '';
	const range = isPreset(last) ? last : from || to ? 'custom' : DEFAULT_PRESET;
	return { range, from, to, model: params.get('model') ?? '' };
}

/** The query string for the address and for GET /api/monitoring/summary. */
export function queryFromForm(form: FilterForm): string {
	const q = new URLSearchParams();
	if (form.range === 'custom') {
		if (form.from) q.set('from', form.from);
		if (form.to) q.set('to', form.to);
	} else q.set('last', form.range);
	if (form.model) q.set('model', form.model);
	return q.toString();
}

/** A date input shows YYYY-MM-DD; an exact time (from an alert link) shows as its day. */
export const dayOf = (value: string) => value.slice(0, 10);

/** Plain words for what the filter shows, e.g. "Last 24 hours, model v3". */
export function describeFilter(form: FilterForm, from: string, to: string): string {
	const range =
		form.range === 'custom'
			? `${from.slice(0, 16).replace('T', ' ')} to ${to.slice(0, 16).replace('T', ' ')} UTC`
			: RANGE_PRESETS[form.range].label;
	return `${range}, ${form.model ? `model ${form.model}` : 'all model versions'}`;
}

/** A bucket size in words: "5 minutes", "1 hour", "1 day". */
export function bucketWords(ms: number): string {
	const minutes = ms / 60_000;
	if (minutes < 60) return `${minutes} minutes`;
	if (minutes < 1440) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
	return minutes === 1440 ? '1 day' : `${minutes / 1440} days`;
}
