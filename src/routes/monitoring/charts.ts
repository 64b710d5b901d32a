/** chart.js configurations for the monitoring page, built from the summary (pure). */
import type { ChartConfiguration } from 'chart.js';
import type { MonitoringSummary } from '#lib/server/monitoring/types.ts';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

function bucketLabel(start: number, bucketMs: number): string {
	const iso = new Date(start).toISOString();
	return bucketMs >= 86_400_000 ? iso.slice(0, 10) : iso.slice(5, 16).replace('T', ' ');
}

export function predictionsOverTime(s: MonitoringSummary): ChartConfiguration {
	const versions = [...new Set(s.timeline.flatMap((b) => Object.keys(b.byModel)))].sort();
	return {
		type: 'bar',
		data: {
			labels: s.timeline.map((b) => bucketLabel(b.start, s.bucketMs)),
			datasets: versions.map((v, i) => ({
				label: v,
				data: s.timeline.map((b) => b.byModel[v] ?? 0),
				backgroundColor: COLORS[i % COLORS.length]
			}))
		},
		options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
	};
}

export function labelMix(s: MonitoringSummary): ChartConfiguration {
	return {
		type: 'doughnut',
		data: {
			labels: ['Compliant (0)', 'Non-compliant (1)'],
			datasets: [{ data: [s.labelMix.compliant, s.labelMix.nonCompliant], backgroundColor: ['#2ca02c', '#d62728'] }]
		},
		options: { animation: false, maintainAspectRatio: false }
	};
}

export function confidenceVsReference(h: MonitoringSummary['confidence'][number]): ChartConfiguration {
	const labels = h.edges.slice(0, -1).map((e, i) => `${e.toFixed(2)}–${h.edges[i + 1].toFixed(2)}`);
	return {
		type: 'bar',
		data: {
			labels,
			datasets: [
				{ label: `Observed (${h.modelVersion})`, data: h.proportions, backgroundColor: '#1f77b4' },
				...(h.reference ? [{ label: 'Reference (evaluation set)', data: h.reference, backgroundColor: 'rgba(127,127,127,0.5)' }] : [])
			]
		},
		options: {
			animation: false,
			maintainAspectRatio: false,
			scales: { y: { beginAtZero: true, title: { display: true, text: 'share of predictions' } } }
		}
	};
}

export function oovAndTokens(s: MonitoringSummary): ChartConfiguration {
	return {
		type: 'line',
		data: {
			labels: s.timeline.map((b) => bucketLabel(b.start, s.bucketMs)),
			datasets: [
				{ label: 'OOV rate', data: s.timeline.map((b) => b.oovRate), borderColor: '#d62728', yAxisID: 'rate', spanGaps: true },
				{ label: 'Override rate', data: s.timeline.map((b) => b.overrideRate), borderColor: '#9467bd', yAxisID: 'rate', spanGaps: true },
				{ label: 'Mean tokens', data: s.timeline.map((b) => b.meanTokens), borderColor: '#1f77b4', yAxisID: 'tokens', spanGaps: true }
			]
		},
		options: {
			animation: false,
			maintainAspectRatio: false,
			scales: {
				rate: { type: 'linear', position: 'left', min: 0, title: { display: true, text: 'rate' } },
				tokens: { type: 'linear', position: 'right', min: 0, grid: { drawOnChartArea: false }, title: { display: true, text: 'tokens' } }
			}
		}
	};
}

export function latencyByBackend(s: MonitoringSummary): ChartConfiguration {
	return {
		type: 'bar',
		data: {
			labels: s.latency.map((l) => l.backend),
			datasets: (['p50', 'p95', 'p99'] as const).map((q, i) => ({ label: q, data: s.latency.map((l) => l[q]), backgroundColor: COLORS[i] }))
		},
		options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: 'ms' } } } }
	};
}
