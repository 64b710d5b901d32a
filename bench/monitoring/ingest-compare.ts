/**
 * Before/after for ingestion on one machine: the real server of each given app build,
 * taking turns (A, B, A, B, ...) on a fresh copy of the same pre-loaded SQLite file, each
 * timed with the monitoring section's load (POST /api/telemetry, 50 new events per request,
 * 8 connections). Prints events/s and events per server CPU-second per run and the median
 * per build: the CPU figure is what to compare on a shared machine.
 *
 *   node bench/monitoring/bulk-load.ts sqlite:/tmp/m1.sqlite 1000000 $(date +%s000)
 *   git archive OLD | tar -x -C /tmp/old && (cd /tmp/old && BUILD_DIR=$PWD/../wt/bench/results/raw/old-build npx vite build)
 *   node bench/monitoring/ingest-compare.ts /tmp/m1.sqlite bench/results/raw/old-build bench/results/raw/app-build [rounds] [seconds]
 *
 * A build must sit inside this checkout (its server imports this node_modules).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { RAW_DIR } from '../lib/bundle.ts';
import { loadTelemetry } from '../server/load.ts';
import { startServer } from '../server/server-process.ts';

const args = process.argv.slice(2);
const numeric = (s: string | undefined) => s !== undefined && /^\d+$/.test(s);
const seconds = numeric(args.at(-1)) && numeric(args.at(-2)) ? Number(args.pop()) : 10;
const rounds = numeric(args.at(-1)) ? Number(args.pop()) : 3;
const [file, ...builds] = args;
if (!file || builds.length === 0) {
	console.error('usage: node bench/monitoring/ingest-compare.ts LOADED.sqlite BUILD_DIR... [rounds] [seconds]');
	process.exit(2);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = new Map<string, { perSecond: number[]; perCpuSecond: number[] }>(
	builds.map((b) => [b, { perSecond: [], perCpuSecond: [] }])
);
const tmp = mkdtempSync(path.join(RAW_DIR, 'ingest-compare-'));
try {
	for (let round = 1; round <= rounds; round++) {
		for (const build of builds) {
			const copy = path.join(tmp, `round-${round}.sqlite`);
			rmSync(`${copy}-wal`, { force: true });
			rmSync(`${copy}-shm`, { force: true });
			copyFileSync(file, copy);
			const server = await startServer({
				buildDir: path.resolve(build),
				modelsDir: path.resolve('models'),
				databaseUrl: `sqlite:${copy}`,
				lifetimeMs: 300_000,
				log: () => {},
				readyPath: '/api/openapi.json'
			});
			try {
				const o = { origin: server.origin, apiKey: server.apiKey, sessionCookie: server.sessionCookie, durationS: seconds, connections: 8 };
				await loadTelemetry('warm-up', { ...o, amount: 40 }, 50);
				const cpu0 = server.cpuSeconds();
				const r = await loadTelemetry('POST /api/telemetry (50 events)', o, 50);
				const cpu1 = server.cpuSeconds();
				const cpu = cpu0 === null || cpu1 === null ? NaN : (cpu1 - cpu0) / r.durationS;
				const entry = results.get(build)!;
				entry.perSecond.push(r.itemsPerSecond);
				entry.perCpuSecond.push(r.itemsPerSecond / cpu);
				const load = (await import('node:os')).loadavg()[0].toFixed(1);
				console.log(
					`round ${round} ${build}: ${Math.round(r.itemsPerSecond)} events/s, server CPU ${Math.round(cpu * 100)}%, ${Math.round(r.itemsPerSecond / cpu)} events per server CPU-second, non-2xx ${r.non2xx}, load ${load}`
				);
			} finally {
				await server.stop();
			}
		}
	}
	for (const [build, r] of results)
		console.log(
			`median ${build}: ${Math.round(median(r.perSecond))} events/s, ${Math.round(median(r.perCpuSecond))} events per server CPU-second (${rounds} runs)`
		);
} finally {
	rmSync(tmp, { recursive: true, force: true });
}
