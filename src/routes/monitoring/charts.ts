/**
 * chart.js configurations for the monitoring page, built from the summary (pure). Every
 * chart names its axes with units; colours come from the theme's tokens (`palette`, read
 * by the chart component), so dark mode applies.
 */
import type { ChartConfiguration } from 'chart.js';
import type { ConfidenceHistogram, MonitoringSummary } from '#lib/server/monitoring/types.ts';
import { bucketWords } from './query.ts';

/** Theme colours for charts: series colours in order, then text, grid and muted. */
export interface Palette {
	series: string[];
	text: string;
	grid: string;
	muted: string;
}

export function bucketLabel(start: number, bucketMs: number): string {
	const iso = new Date(start).toISOString();
	return bucketMs >= 86_400_000 ? iso.slice(0, 10) : iso.slice(5, 16).replace('T', ' ');
}

const axis = (text: string, p: Palette, extra: object = {}) => ({
	title: { display: true, text, color: p.text },
	ticks: { color: p.text },
	grid: { color: p.grid },
	...extra
});

const percentAxis = (text: string, p: Palette, extra: object = {}) =>
	axis(text, p, { min: 0, ticks: { color: p.text, callback: (v: number | string) => `${Math.round(Number(v) * 100)}%` }, ...extra });

function base(p: Palette, scales: Record<string, object>): ChartConfiguration['options'] {
	return {
		animation: false,
		responsive: true,
		maintainAspectRatio: false,
		interaction: { mode: 'index', intersect: false },
		plugins: { legend: { labels: { color: p.text, boxWidth: 14 } } },
		scales
	};
}

function timeAxis(s: MonitoringSummary, p: Palette) {
	return axis(`time (UTC), one point per ${bucketWords(s.bucketMs)}`, p, { ticks: { color: p.text, maxRotation: 0, autoSkipPadding: 12 } });
}

const labels = (s: MonitoringSummary) => s.timeline.map((b) => bucketLabel(b.start, s.bucketMs));

export function predictionsOverTime(s: MonitoringSummary, p: Palette): ChartConfiguration {
	const versions = [...new Set(s.timeline.flatMap((b) => Object.keys(b.byModel)))].sort();
	return {
		type: 'bar',
		data: {
			labels: labels(s),
			datasets: versions.map((v, i) => ({
				label: v,
				data: s.timeline.map((b) => b.byModel[v] ?? 0),
				backgroundColor: p.series[i % p.series.length]
			}))
		},
		options: base(p, {
			x: { ...timeAxis(s, p), stacked: true },
			y: axis(`predictions per ${bucketWords(s.bucketMs)}`, p, { stacked: true, beginAtZero: true })
		})
	};
}

/** The output: non-compliant share per bucket, with each model's reference share as a flat line. */
export function labelMixOverTime(s: MonitoringSummary, p: Palette): ChartConfiguration {
	const refs = s.confidence.filter((h) => h.referenceNonCompliantShare !== null);
	return {
		type: 'line',
		data: {
			labels: labels(s),
			datasets: [
				{ label: 'Non-compliant share', data: s.timeline.map((b) => b.nonCompliantShare), borderColor: p.series[3], spanGaps: true },
				...refs.map((h, i) => ({
					label: `Reference, ${h.modelVersion}`,
					data: s.timeline.map(() => h.referenceNonCompliantShare),
					borderColor: p.muted,
					borderDash: [6, 4 + i * 2],
					pointRadius: 0
				}))
			]
		},
		options: base(p, { x: timeAxis(s, p), y: percentAxis('non-compliant share of predictions', p, { max: 1 }) })
	};
}

/** The inputs: unknown-word rate and description length per bucket. */
export function inputsOverTime(s: MonitoringSummary, p: Palette): ChartConfiguration {
	return {
		type: 'line',
		data: {
			labels: labels(s),
			datasets: [
				{
					label: 'Unknown-word rate (left)',
					data: s.timeline.map((b) => b.oovRate),
					borderColor: p.series[3],
					yAxisID: 'rate',
					spanGaps: true
				},
				{
					label: 'Words per description (right)',
					data: s.timeline.map((b) => b.meanTokens),
					borderColor: p.series[0],
					yAxisID: 'tokens',
					spanGaps: true
				}
			]
		},
		options: base(p, {
			x: timeAxis(s, p),
			rate: percentAxis('unknown-word rate (% of words)', p, { type: 'linear', position: 'left' }),
			tokens: axis('mean words per description', p, { type: 'linear', position: 'right', min: 0, grid: { drawOnChartArea: false } })
		})
	};
}

export function overridesOverTime(s: MonitoringSummary, p: Palette): ChartConfiguration {
	return {
		type: 'line',
		data: {
			labels: labels(s),
			datasets: [{ label: 'Override rate', data: s.timeline.map((b) => b.overrideRate), borderColor: p.series[2], spanGaps: true }]
		},
		options: base(p, { x: timeAxis(s, p), y: percentAxis('predictions overridden (%)', p) })
	};
}

export function confidenceVsReference(h: ConfidenceHistogram, p: Palette): ChartConfiguration {
	const binLabels = h.edges.slice(0, -1).map((e, i) => `${e.toFixed(2)}–${h.edges[i + 1].toFixed(2)}`);
	return {
		type: 'bar',
		data: {
			labels: binLabels,
			datasets: [
				{ label: `Observed (${h.modelVersion})`, data: h.proportions, backgroundColor: p.series[0] },
				...(h.reference ? [{ label: 'Reference (evaluation set)', data: h.reference, backgroundColor: p.muted }] : [])
			]
		},
		options: base(p, {
			x: axis('probability of non-compliant (model output)', p, { ticks: { color: p.text, maxRotation: 0, autoSkipPadding: 8 } }),
			y: percentAxis('share of predictions', p)
		})
	};
}

export function latencyByBackend(s: MonitoringSummary, p: Palette): ChartConfiguration {
	return {
		type: 'bar',
		data: {
			labels: s.latency.map((l) => l.backend),
			datasets: (['p50', 'p95', 'p99'] as const).map((q, i) => ({
				label: q,
				data: s.latency.map((l) => l[q]),
				backgroundColor: p.series[i % p.series.length]
			}))
		},
		options: base(p, { x: axis('backend', p), y: axis('time to a verdict (ms)', p, { beginAtZero: true }) })
	};
}
