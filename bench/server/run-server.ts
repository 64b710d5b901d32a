/**
 * Server section: telemetry ingestion on SQLite and on a throwaway PostgreSQL cluster,
 * and the classify service (on SQLite; it stores one telemetry event per description).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { parseDatabaseUrl } from '#lib/server/config.ts';
import { openDatabase } from '#lib/server/db/connect.ts';
import { benchDatabases } from '../lib/databases.ts';
import { RAW_DIR } from '../lib/bundle.ts';
import { loadClassify, loadTelemetry, type LoadResult } from './load.ts';
import { startServer } from './server-process.ts';

export interface ServerPlan {
	durationS: number;
	connections: number;
	telemetryBatch: number;
	classifyBatches: number[];
}

export interface ServerReport {
	buildDir: string;
	/** serverCpu: the server process's CPU use during the run, % of one core (100 = one core saturated). */
	results: (LoadResult & { database: 'sqlite' | 'postgres'; storedEvents: number | null; serverCpuPercent: number | null })[];
	errors: string[];
}

async function countEvents(databaseUrl: string): Promise<number> {
	const database = await openDatabase(parseDatabaseUrl(databaseUrl), { migrate: false });
	try {
		const row = await sql<{ n: number }>`select count(*) as n from telemetry_events`.execute(database.db);
		return Number(row.rows[0].n);
	} finally {
		await database.close();
	}
}

export async function benchServer(
	buildDir: string,
	modelsDir: string,
	texts: readonly string[],
	plan: ServerPlan,
	log: (line: string) => void
): Promise<ServerReport> {
	const report: ServerReport = { buildDir, results: [], errors: [] };
	const lifetimeMs = (plan.durationS * (3 + plan.classifyBatches.length) + 120) * 1000;
	const tmp = mkdtempSync(path.join(RAW_DIR, 'server-'));
	const targets = benchDatabases(tmp, 'bench.sqlite');
	try {
		for (const target of targets) {
			let db: { url: string; close(): void } | null = null;
			let server: Awaited<ReturnType<typeof startServer>> | null = null;
			try {
				db = await target.open();
				server = await startServer({ buildDir, modelsDir, databaseUrl: db.url, lifetimeMs, log });
				const o = {
					origin: server.origin,
					apiKey: server.apiKey,
					sessionCookie: server.sessionCookie,
					durationS: plan.durationS,
					connections: plan.connections
				};
				await loadTelemetry('warm-up', { ...o, amount: 40 }, plan.telemetryBatch);
				const running = server;
				// The server process's CPU over one load run, in % of one core.
				const cpu = async (run: () => Promise<LoadResult>) => {
					const cpuBefore = running.cpuSeconds();
					const result = await run();
					const cpuAfter = running.cpuSeconds();
					const serverCpuPercent =
						cpuBefore === null || cpuAfter === null ? null : Math.round(((cpuAfter - cpuBefore) / result.durationS) * 100);
					return { ...result, serverCpuPercent };
				};
				const before = await countEvents(db.url);
				const t = await cpu(() => loadTelemetry(`POST /api/telemetry (${plan.telemetryBatch} events)`, o, plan.telemetryBatch));
				const stored = (await countEvents(db.url)) - before;
				report.results.push({ ...t, database: target.database, storedEvents: stored });
				log(
					`  ${target.database} telemetry: ${Math.round(t.itemsPerSecond)} events/s, p50 ${t.latencyP50} ms, p99 ${t.latencyP99} ms, non-2xx ${t.non2xx}, stored ${stored}, server CPU ${t.serverCpuPercent}%`
				);
				if (target.database === 'sqlite') {
					for (const batch of plan.classifyBatches) {
						await loadClassify('warm-up', { ...o, amount: batch === 1 ? 100 : 20 }, texts, batch);
						const c = await cpu(() => loadClassify(`POST /api/classify (batch ${batch})`, o, texts, batch));
						report.results.push({ ...c, database: target.database, storedEvents: null });
						log(
							`  classify batch ${batch}: ${c.requestsPerSecond.toFixed(0)} req/s (${Math.round(c.itemsPerSecond)} descriptions/s), p50 ${c.latencyP50} ms, p99 ${c.latencyP99} ms, non-2xx ${c.non2xx}, server CPU ${c.serverCpuPercent}%`
						);
					}
				}
			} catch (e) {
				const message = `${target.database}: ${String((e as Error).message ?? e).slice(0, 500)}`;
				report.errors.push(message);
				log(`  server bench failed on ${message}`);
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
