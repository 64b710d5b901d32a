/**
 * Monitoring section: bulk-load N telemetry events (spread over the last 30 days, in time
 * order, through the product's ingestion with rollups) into SQLite and a throwaway
 * PostgreSQL, then time GET /api/monitoring/summary for 24 h, 7 d and 30 d against the real
 * server, and POST /api/telemetry (50 events per request) on the loaded database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { benchDatabases } from '../lib/databases.ts';
import { RAW_DIR } from '../lib/bundle.ts';
import { summarize as stats, type LatencySummary as Summary } from '../lib/stats.ts';
import { loadTelemetry, type LoadResult } from '../server/load.ts';
import { startServer } from '../server/server-process.ts';
import { bulkLoadInChild, type BulkLoadResult } from './bulk-load.ts';

const DAY = 86_400_000;
/** Kill a bulk load after this long (10M events take ~20-40 min per engine on a loaded 2-core machine). */
const LOAD_TIMEOUT_MS = 3 * 3_600_000;

export interface MonitoringPlan {
	/** Events bulk-loaded per engine. */
	events: number;
	/** Timed summary requests per range (after 2 warm-ups), bounded by maxMs per range. */
	runs: number;
	maxMs: number;
	/** POST /api/telemetry load on the loaded database. */
	ingestDurationS: number;
	connections: number;
}

export interface MonitoringEngineResult {
	database: 'sqlite' | 'postgres';
	events: number;
	/** Bulk load (bulk-load.ts: the rows and rollups ingestion writes, 50,000 events per step; both engines at the same time). */
	loadSeconds: number;
	loadEventsPerSecond: number;
	rollupRows: number;
	rollupCountRows: number;
	/** GET /api/monitoring/summary latency (ms) by range. */
	summary: { range: '24h' | '7d' | '30d'; predictions: number; ms: Summary }[];
	/** POST /api/telemetry with 50 events per request on the loaded database. */
	ingest: LoadResult | null;
	/** The server process's CPU during the ingestion run, % of one core (below ~70: starved by other jobs). */
	ingestServerCpuPercent: number | null;
	/** Events stored when `ingest` was measured, when that was another run than the summaries (merge-reports.ts monitoring-ingest). */
	ingestEvents?: number;
	/** Load average at the start of that other run. */
	ingestLoadAverage?: number;
}

export interface MonitoringReport {
	plan: MonitoringPlan;
	results: MonitoringEngineResult[];
	errors: string[];
}

async function timeSummary(origin: string, key: string, from: number, to: number, plan: MonitoringPlan) {
	const url = `${origin}/api/monitoring/summary?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
	const get = async () => {
		const t0 = performance.now();
		const r = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
		const body = (await r.json()) as { totals?: { predictions: number }; message?: string };
		if (!r.ok) throw new Error(`GET /api/monitoring/summary: ${r.status} ${body.message ?? ''}`);
		return { ms: performance.now() - t0, predictions: body.totals?.predictions ?? 0 };
	};
	await get();
	await get();
	const times: number[] = [];
	let predictions = 0;
	const until = performance.now() + plan.maxMs;
	while (times.length < plan.runs && (times.length < 3 || performance.now() < until)) {
		const r = await get();
		times.push(r.ms);
		predictions = r.predictions;
	}
	return { predictions, ms: stats(times) };
}

export async function benchMonitoring(
	buildDir: string,
	modelsDir: string,
	plan: MonitoringPlan,
	log: (line: string) => void
): Promise<MonitoringReport> {
	const report: MonitoringReport = { plan, results: [], errors: [] };
	const tmp = mkdtempSync(path.join(RAW_DIR, 'monitoring-'));
	const engines = benchDatabases(tmp, 'monitoring.sqlite');
	const opened: { engine: (typeof engines)[number]; db: { url: string; close(): void } | null; load: Promise<BulkLoadResult> | null }[] =
		engines.map((engine) => ({ engine, db: null, load: null }));
	const now = Date.now();
	try {
		// Both engines load at once (one child process each): the timed parts below run one engine at a time.
		for (const o of opened) {
			try {
				o.db = await o.engine.open();
				log(`  ${o.engine.database}: bulk-loading ${plan.events.toLocaleString('en')} events with their rollups`);
				const name = o.engine.database;
				o.load = bulkLoadInChild(o.db.url, plan.events, now, LOAD_TIMEOUT_MS, (line) => log(`  ${name}: ${line.trim()}`));
				o.load.catch(() => {});
			} catch (e) {
				report.errors.push(`${o.engine.database}: ${String((e as Error).message ?? e).slice(0, 500)}`);
			}
		}
		// Nothing is timed while a load still runs.
		await Promise.allSettled(opened.map((o) => o.load));
		for (const { engine, db, load } of opened) {
			if (!db || !load) continue;
			let server: Awaited<ReturnType<typeof startServer>> | null = null;
			try {
				const loaded = await load;
				const loadEventsPerSecond = plan.events / loaded.loadSeconds;
				log(
					`  ${engine.database}: loaded in ${loaded.loadSeconds.toFixed(0)} s (${Math.round(loadEventsPerSecond)} events/s); ${loaded.rollupRows} rollup rows, ${loaded.rollupCountRows} count rows`
				);
				server = await startServer({ buildDir, modelsDir, databaseUrl: db.url, lifetimeMs: 900_000, log, readyPath: '/api/openapi.json' });
				const summary: MonitoringEngineResult['summary'] = [];
				for (const [range, days] of [
					['24h', 1],
					['7d', 7],
					['30d', 30]
				] as const) {
					const r = await timeSummary(server.origin, loaded.analystKey, now - days * DAY, now, plan);
					summary.push({ range, ...r });
					log(
						`  ${engine.database} summary ${range}: p50 ${r.ms.p50.toFixed(1)} ms, p99 ${r.ms.p99.toFixed(1)} ms (${r.predictions} predictions)`
					);
				}
				const o = {
					origin: server.origin,
					apiKey: server.apiKey,
					sessionCookie: server.sessionCookie,
					durationS: plan.ingestDurationS,
					connections: plan.connections
				};
				await loadTelemetry('warm-up', { ...o, amount: 40 }, 50);
				const cpuBefore = server.cpuSeconds();
				const ingest = await loadTelemetry('POST /api/telemetry (50 events), rollups on', o, 50);
				const cpuAfter = server.cpuSeconds();
				const ingestServerCpuPercent =
					cpuBefore === null || cpuAfter === null ? null : Math.round(((cpuAfter - cpuBefore) / ingest.durationS) * 100);
				log(
					`  ${engine.database} ingestion with rollups: ${Math.round(ingest.itemsPerSecond)} events/s, p99 ${ingest.latencyP99} ms, non-2xx ${ingest.non2xx}, server CPU ${ingestServerCpuPercent}%` +
						(ingestServerCpuPercent
							? ` (${Math.round(ingest.itemsPerSecond / (ingestServerCpuPercent / 100))} events per server CPU-second)`
							: '')
				);
				report.results.push({
					database: engine.database,
					events: plan.events,
					loadEventsPerSecond,
					loadSeconds: loaded.loadSeconds,
					rollupRows: loaded.rollupRows,
					rollupCountRows: loaded.rollupCountRows,
					summary,
					ingest,
					ingestServerCpuPercent
				});
			} catch (e) {
				const message = `${engine.database}: ${String((e as Error).message ?? e).slice(0, 500)}`;
				report.errors.push(message);
				log(`  monitoring bench failed on ${message}`);
			} finally {
				await server?.stop();
			}
		}
	} finally {
		await Promise.allSettled(opened.map((o) => o.load));
		for (const o of opened) o.db?.close();
		rmSync(tmp, { recursive: true, force: true });
	}
	return report;
}
