/** The monitoring page's tables and time series as rows for CSV (pure; same rows as shown). */
import type { MonitoringSummary } from '#lib/server/monitoring/types.ts';

export interface Table {
	/** File name stem and the download button's subject. */
	name: string;
	header: string[];
	rows: (string | number | null)[][];
}

const ratio = (v: number | null) => (v === null ? null : Number(v.toFixed(6)));

export function timelineTable(s: MonitoringSummary): Table {
	const versions = [...new Set(s.timeline.flatMap((b) => Object.keys(b.byModel)))].sort();
	return {
		name: 'time-series',
		header: [
			'bucket_start_utc',
			'predictions',
			'non_compliant_share',
			'unknown_word_rate',
			'mean_words',
			'override_rate',
			...versions.map((v) => `predictions_${v}`)
		],
		rows: s.timeline.map((b) => [
			new Date(b.start).toISOString(),
			b.predictions,
			ratio(b.nonCompliantShare),
			ratio(b.oovRate),
			b.meanTokens === null ? null : Number(b.meanTokens.toFixed(3)),
			ratio(b.overrideRate),
			...versions.map((v) => b.byModel[v] ?? 0)
		])
	};
}

export function agreementTable(s: MonitoringSummary): Table {
	return {
		name: 'agreement',
		header: ['challenger', 'comparisons', 'agreement_rate'],
		rows: s.agreement.map((a) => [a.challenger, a.comparisons, ratio(a.agreementRate)])
	};
}

export function versionsTable(s: MonitoringSummary): Table {
	return {
		name: 'model-versions',
		header: ['model', 'app_versions', 'events', 'share', 'last_seen_utc'],
		rows: s.activeVersions.map((v) => [v.modelVersion, v.appVersions.join(' '), v.events, ratio(v.share), v.lastSeen])
	};
}

export function errorsTable(s: MonitoringSummary): Table {
	return {
		name: 'model-load-failures',
		header: ['error', 'model', 'count'],
		rows: s.modelErrors.map((e) => [e.errorCode, e.modelVersion, e.count])
	};
}

/** `monitoring-time-series-2026-11-01_2026-11-08-v3.csv` */
export function csvName(table: Table, s: MonitoringSummary): string {
	const day = (iso: string) => iso.slice(0, 16).replace(/[:T]/g, '');
	return `monitoring-${table.name}-${day(s.from)}_${day(s.to)}${s.model ? `-${s.model}` : ''}.csv`;
}
