/**
 * Monitoring section: bulk-load N telemetry events (spread over the last 30 days, in time
 * order, through the product's ingestion with rollups) into SQLite and a throwaway
 * PostgreSQL, then time GET /api/monitoring/summary for 24 h, 7 d and 30 d against the real
 * server, and POST /api/telemetry (50 events per request) on the loaded database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { parseDatabaseUrl } from '#lib/server/config.ts';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { createApiKey } from '#lib/server/auth/api-keys.ts';
import { storeEvents } from '#lib/server/telemetry/ingest.ts';
import type { TelemetryEvent } from '#lib/telemetry/event.ts';
import { benchDatabases } from '../lib/databases.ts';
import { RAW_DIR } from '../lib/bundle.ts';
import { summarize as stats, type LatencySummary as Summary } from '../lib/stats.ts';
import { loadTelemetry, type LoadResult } from '../server/load.ts';
import { startServer } from '../server/server-process.ts';

const DAY = 86_400_000;
/** Events per ingestion transaction in the bulk load (a device coming back online sends up to 500 per request). */
const BATCH = 5000;

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
	/** Bulk load through storeEvents (ingestion + rollups, one process, 5,000 per transaction). */
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
}

export interface MonitoringReport {
	plan: MonitoringPlan;
	results: MonitoringEngineResult[];
	errors: string[];
}

/** Event i of n, spread evenly over (now - 30 d + 1 h, now]: inside the 30-day raw retention. */
function benchEvent(i: number, n: number, now: number): TelemetryEvent {
	const time = now - DAY * 30 + 3_600_000 + Math.floor(((i + 1) / n) * (DAY * 30 - 3_600_000));
	const h = (Math.imul(i + 1, 2654435761) >>> 0) / 4294967296;
	const probability = h < 0.5 ? h * h * 2 : 1 - (1 - h) * (1 - h) * 2;
	const label = probability >= 0.5 ? 1 : 0;
	return {
		eventId: crypto.randomUUID(),
		time: new Date(time).toISOString(),
		kind: 'prediction',
		appVersion: i % 5 === 0 ? '0.2.0' : '0.1.0',
		modelVersion: i % 10 === 0 ? 'bench-challenger' : 'bench',
		backend: i % 3 === 0 ? 'webgpu' : 'wasm',
		threads: 2,
		latencyMs: 0.5 + ((i * 7919) % 1000) / 50,
		label,
		probability,
		tokenCount: 6 + (i % 12),
		oovCount: i % 4 === 0 ? 1 : 0,
		overridden: i % 97 === 0,
		overrideLabel: i % 97 === 0 ? ((1 - label) as 0 | 1) : null,
		shadow: i % 4 === 0 ? { modelVersion: 'bench-shadow', label, probability } : null
	} as TelemetryEvent;
}

async function loadDatabase(url: string, n: number, now: number, log: (line: string) => void) {
	const database = await openDatabase(parseDatabaseUrl(url));
	try {
		const t0 = performance.now();
		let next = Date.now() + 15_000;
		for (let i = 0; i < n; i += BATCH) {
			const batch = Array.from({ length: Math.min(BATCH, n - i) }, (_, j) => benchEvent(i + j, n, now));
			await storeEvents(database.db, batch);
			if (Date.now() > next) {
				log(`    loaded ${(i + BATCH).toLocaleString('en')} of ${n.toLocaleString('en')}`);
				next = Date.now() + 15_000;
			}
		}
		const loadSeconds = (performance.now() - t0) / 1000;
		const count = async (table: string) =>
			Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0].n);
		const password = crypto.randomUUID();
		await createUser(database.db, { username: 'bench-analyst', password, role: 'analyst' });
		const analystKey = (await createApiKey(database.db, 'bench-analyst', { scopes: ['read'] })).key;
		return {
			loadSeconds,
			rollupRows: await count('telemetry_rollups'),
			rollupCountRows: await count('telemetry_rollup_counts'),
			analystKey
		};
	} finally {
		await database.close();
	}
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
	try {
		for (const engine of engines) {
			let db: { url: string; close(): void } | null = null;
			let server: Awaited<ReturnType<typeof startServer>> | null = null;
			try {
				db = await engine.open();
				const now = Date.now();
				log(`  ${engine.database}: bulk-loading ${plan.events.toLocaleString('en')} events through ingestion with rollups`);
				const loaded = await loadDatabase(db.url, plan.events, now, log);
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
					`  ${engine.database} ingestion with rollups: ${Math.round(ingest.itemsPerSecond)} events/s, p99 ${ingest.latencyP99} ms, non-2xx ${ingest.non2xx}, server CPU ${ingestServerCpuPercent}%`
				);
				report.results.push({
					database: engine.database,
					events: plan.events,
					loadEventsPerSecond,
					...loaded,
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
				db?.close();
			}
		}
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
	return report;
}
