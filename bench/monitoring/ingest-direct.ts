/**
 * Ingestion without HTTP, for profiling (`node --cpu-prof bench/monitoring/ingest-direct.ts ...`):
 * `acceptTelemetry` (what POST /api/telemetry runs) with 50 events per call on `connections`
 * concurrent callers for `seconds`, on a database bulk-loaded with `preload` events first
 * (bulk-load.ts). Prints events/s and events per CPU-second of this process.
 *
 *   node bench/monitoring/ingest-direct.ts sqlite:/tmp/x.sqlite 1000000 10 8
 */
import { existsSync } from 'node:fs';
import { parseDatabaseUrl } from '#lib/server/config.ts';
import { openDatabase } from '#lib/server/db/connect.ts';
import { acceptTelemetry } from '#lib/server/telemetry/accept.ts';
import { telemetryEvent } from '../server/load.ts';
import { bulkLoad } from './bulk-load.ts';

const [url, preload = '0', seconds = '10', connections = '8'] = process.argv.slice(2);
const target = parseDatabaseUrl(url);
if (Number(preload) > 0 && !(target.dialect === 'sqlite' && existsSync(target.file))) {
	const r = await bulkLoad(url, Number(preload), Date.now(), (l) => console.error(l));
	console.error(`preloaded ${preload} events in ${r.loadSeconds.toFixed(0)} s`);
}
const { db, dialect, close } = await openDatabase(target);
const user = { id: 'bench-tech', username: 'bench-tech', role: 'technician' as const };
const options = { db, dialect, perSessionPerMinute: 1e12, retentionDays: 30, knownModels: null };
let n = 0;
let events = 0;
const until = performance.now() + Number(seconds) * 1000;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(
	Array.from({ length: Number(connections) }, async (_, c) => {
		while (performance.now() < until) {
			const body = JSON.parse(JSON.stringify({ events: Array.from({ length: 50 }, () => telemetryEvent(n++)) }));
			const r = await acceptTelemetry(options, user, `session-${c}`, body);
			if (r.status !== 200) throw new Error(JSON.stringify(r.body));
			events += (r.body as { accepted: number }).accepted;
		}
	})
);
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
	`${dialect}: ${Math.round(events / wall)} events/s, ${Math.round(events / cpuSeconds)} events per CPU-second (${Math.round((cpuSeconds / wall) * 100)}% CPU)`
);
await close();
