/**
 * The monitoring page's ranges ending now (`?last=24h`), shared by the server (range.ts)
 * and the page's filter form. The timeline's bucket follows the length (summary.ts).
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const RANGE_PRESETS = {
	'1h': { ms: HOUR, label: 'Last hour' },
	'24h': { ms: DAY, label: 'Last 24 hours' },
	'7d': { ms: 7 * DAY, label: 'Last 7 days' },
	'30d': { ms: 30 * DAY, label: 'Last 30 days' },
	'90d': { ms: 90 * DAY, label: 'Last 90 days' },
	'365d': { ms: 365 * DAY, label: 'Last 365 days' }
} as const;

export type RangePreset = keyof typeof RANGE_PRESETS;

export const PRESET_NAMES = Object.keys(RANGE_PRESETS) as RangePreset[];

export function isPreset(value: string | null | undefined): value is RangePreset {
	return !!value && Object.hasOwn(RANGE_PRESETS, value);
}
