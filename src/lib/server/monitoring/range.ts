/** Parses ?from=&to=&model= or ?last=24h&model= for the monitoring page and API (default: the last 7 days). */
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { CodedError } from '../../errors.ts';
import { PRESET_NAMES, RANGE_PRESETS, type RangePreset } from '../../monitoring/presets.ts';

const DAY = 86_400_000;
const MAX_RANGE = 366 * DAY;

/** The query string of a range (exported for the OpenAPI description). */
export const rangeQuerySchema = z.object({
	from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
	to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
	last: z.enum(PRESET_NAMES as [RangePreset, ...RangePreset[]]).optional(),
	model: z
		.string()
		.regex(/^[A-Za-z0-9._-]{1,64}$/)
		.optional()
});

export class MonitoringRangeError extends CodedError<'BAD_RANGE'> {
	constructor(message: string) {
		super('BAD_RANGE', message);
	}
}

export function parseRange(params: URLSearchParams, now = Date.now()): { from: number; to: number; model: string | null } {
	const raw = Object.fromEntries([...params].filter(([, v]) => v !== ''));
	const r = rangeQuerySchema.safeParse(raw);
	if (!r.success) {
		const i = r.error.issues[0];
		throw new MonitoringRangeError(
			`${i.path.join('.')}: ${i.message} (use ISO dates, e.g. ?from=2026-11-01&to=2026-11-08&model=v3, or ?last=${PRESET_NAMES.join('|')})`
		);
	}
	if (r.data.last) {
		if (r.data.from || r.data.to) throw new MonitoringRangeError('Give either "last" or "from"/"to", not both.');
		return { from: now - RANGE_PRESETS[r.data.last].ms, to: now, model: r.data.model ?? null };
	}
	// A plain end date includes that whole day.
	const to = r.data.to ? Date.parse(r.data.to) + (r.data.to.length === 10 ? DAY : 0) : now;
	const from = r.data.from ? Date.parse(r.data.from) : to - 7 * DAY;
	if (!(from < to)) throw new MonitoringRangeError('"from" must be before "to".');
	if (to - from > MAX_RANGE) throw new MonitoringRangeError('The range can span at most 366 days.');
	return { from, to, model: r.data.model ?? null };
}

/** parseRange for a request: a bad range is the caller's mistake, answered with 400 and the reason. */
export function requestRange(params: URLSearchParams): { from: number; to: number; model: string | null } {
	try {
		return parseRange(params);
	} catch (e) {
		if (e instanceof MonitoringRangeError) error(400, e.message);
		throw e;
	}
}
