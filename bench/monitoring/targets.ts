/** Targets of the monitoring section (issue 18): goals and reasons as data, as in report/targets.ts. */
import type { BenchReport, TargetResult } from '../report/report.ts';
import type { MonitoringEngineResult } from './run-monitoring.ts';

export const MONITORING_TARGETS = {
	'monitoring-10m-sqlite': {
		what: 'GET /api/monitoring/summary on SQLite, {events} events, 30 d range (p50)',
		goal: '<= 300 ms at 10M events',
		limit: 300
	},
	'monitoring-10m-postgres': {
		what: 'GET /api/monitoring/summary on PostgreSQL, {events} events, 30 d range (p50)',
		goal: '<= 300 ms at 10M events',
		limit: 300
	},
	'ingest-rollups': {
		what: 'Telemetry ingestion with rollups on SQLite (50 events/request, {events} events already stored)',
		goal: '>= 10,000 events/s',
		limit: 10_000
	}
} as const;

const NOTES = {
	scale:
		'measured at {events} events, not 10M: bulk-loading 10M takes {projected} per engine on this shared 2-core machine (run `npm run bench -- --only monitoring --monitoring-events 10000000`); the summary reads rollup rows ({rows} + {counts} count rows here), which grow with buckets and dimensions, not with events',
	ingest:
		'one server.js process (it used {cpu}% of a core{starved}, so {perCpu} events per server CPU-second): JSON parse, session check, zod validation on one event loop, batches that arrive during a write committed together (group commit); PostgreSQL took {postgres} events/s; load average {load} on 2 cores',
	starved: ', starved by the other jobs on the machine, not saturated',
	notRun: 'monitoring section did not run'
} as const;

const fill = (t: string, v: Record<string, string | number>) => t.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? `{${k}}`));
const count = (v: number) => Math.round(v).toLocaleString('en');
/** Events per CPU-second of the server process alone (the figure that does not depend on how busy the machine was). */
export const serverCpuRate = (r: MonitoringEngineResult | undefined): number | null =>
	r?.ingest && r.ingestServerCpuPercent ? r.ingest.itemsPerSecond / (r.ingestServerCpuPercent / 100) : null;
const perCpu = (r: MonitoringEngineResult | undefined) => {
	const rate = serverCpuRate(r);
	return rate === null ? '' : ` (${count(rate)} per server CPU-second)`;
};
const duration = (s: number) => (s >= 90 ? `~${Math.round(s / 60)} min` : `~${Math.round(s)} s`);

function summaryTarget(id: 'monitoring-10m-sqlite' | 'monitoring-10m-postgres', r: MonitoringEngineResult | undefined): TargetResult {
	const spec = MONITORING_TARGETS[id];
	if (!r) return { id, what: fill(spec.what, { events: 'N' }), goal: spec.goal, measured: 'not measured', met: null, note: NOTES.notRun };
	const month = r.summary.find((s) => s.range === '30d');
	const byRange = r.summary.map((s) => `${s.range} ${s.ms.p50.toFixed(0)} ms`).join(', ');
	const at10m = r.events >= 10_000_000;
	const met = month ? month.ms.p50 <= spec.limit : false;
	return {
		id,
		what: fill(spec.what, { events: count(r.events) }),
		goal: spec.goal,
		measured: `p50 ${byRange}`,
		met: at10m ? met : null,
		note: at10m
			? ''
			: fill(NOTES.scale, {
					events: count(r.events),
					projected: duration((10_000_000 / r.events) * r.loadSeconds),
					rows: count(r.rollupRows),
					counts: count(r.rollupCountRows)
				})
	};
}

export function monitoringTargets(report: Omit<BenchReport, 'targets'>): TargetResult[] {
	const results = report.monitoring?.results ?? [];
	const sqlite = results.find((r) => r.database === 'sqlite');
	const postgres = results.find((r) => r.database === 'postgres');
	const spec = MONITORING_TARGETS['ingest-rollups'];
	const ingest = sqlite?.ingest;
	const ingestTarget: TargetResult = ingest
		? {
				id: 'ingest-rollups',
				what: fill(spec.what, { events: count(sqlite.ingestEvents ?? sqlite.events) }),
				goal: spec.goal,
				measured: `${count(ingest.itemsPerSecond)} events/s, p99 ${ingest.latencyP99} ms${perCpu(sqlite)}`,
				met: ingest.itemsPerSecond >= spec.limit && ingest.non2xx === 0,
				note:
					ingest.itemsPerSecond >= spec.limit
						? `PostgreSQL: ${count(postgres?.ingest?.itemsPerSecond ?? 0)} events/s${perCpu(postgres)}`
						: fill(NOTES.ingest, {
								cpu: sqlite.ingestServerCpuPercent ?? '?',
								perCpu: serverCpuRate(sqlite) === null ? '?' : count(serverCpuRate(sqlite)!),
								starved: (sqlite.ingestServerCpuPercent ?? 100) < 70 ? NOTES.starved : '',
								postgres: count(postgres?.ingest?.itemsPerSecond ?? 0),
								load: (sqlite.ingestLoadAverage ?? report.system.loadAverageStart).toFixed(1)
							})
			}
		: {
				id: 'ingest-rollups',
				what: fill(spec.what, { events: 'N' }),
				goal: spec.goal,
				measured: 'not measured',
				met: null,
				note: NOTES.notRun
			};
	return [summaryTarget('monitoring-10m-sqlite', sqlite), summaryTarget('monitoring-10m-postgres', postgres), ingestTarget];
}

/** The monitoring section of latest.md. */
export function monitoringMarkdown(report: BenchReport, table: (header: string[], rows: string[][]) => string): string[] {
	const m = report.monitoring;
	if (!m) return [];
	const out = [
		'## Monitoring at scale (rollups)',
		'',
		`${count(m.plan.events)} prediction events per engine, spread over the last 30 days, bulk-loaded in time order as ingestion stores them (its \`toRow\`; rollups by its \`rollupEvents\` + \`writeRollups\`, per 50,000 events; both engines at the same time, one process each; see \`monitoring/bulk-load.ts\`), then the real server: \`GET /api/monitoring/summary\` (2 warm-ups, then up to ${m.plan.runs} runs per range), and \`POST /api/telemetry\` with 50 new events per request for ${m.plan.ingestDurationS} s on ${m.plan.connections} connections.`,
		''
	];
	out.push(
		table(
			[
				'engine',
				'bulk load events/s',
				'rollup rows / count rows',
				'summary 24 h p50 / p99',
				'summary 7 d p50 / p99',
				'summary 30 d p50 / p99',
				'ingestion (HTTP) events/s',
				'per server CPU-second'
			],
			m.results.map((r) => [
				r.database,
				count(r.loadEventsPerSecond),
				`${count(r.rollupRows)} / ${count(r.rollupCountRows)}`,
				...(['24h', '7d', '30d'] as const).map((range) => {
					const s = r.summary.find((x) => x.range === range);
					return s ? `${s.ms.p50.toFixed(0)} / ${s.ms.p99.toFixed(0)} ms` : 'n/a';
				}),
				r.ingest
					? `${count(r.ingest.itemsPerSecond)} (p99 ${r.ingest.latencyP99} ms${r.ingestEvents && r.ingestEvents !== r.events ? `; on ${count(r.ingestEvents)} stored events, another run` : ''})`
					: 'n/a',
				serverCpuRate(r) === null ? 'n/a' : `${count(serverCpuRate(r)!)} (server ${r.ingestServerCpuPercent}% of a core)`
			])
		)
	);
	out.push('');
	return out;
}
