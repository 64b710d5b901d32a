/**
 * Explain cost limits under a flood (issue 14 item 4): key A keeps 3 connections of
 * `POST /api/classify?explain=1` with 100 descriptions of 2,000 characters busy; key B sends
 * one description at a time (plain, then explained). Reports B's p50/p99 alone and under
 * the flood, and what A got (200 / 429). Real server.js on the built app, fresh SQLite.
 * A section of `npm run bench` on request (`--only explain`), or alone on `npm run build`'s app:
 *   node bench/server/explain-flood.ts [--seconds S] [--out FILE.json]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { createApiKey } from '#lib/server/auth/api-keys.ts';
import { ROOT } from '../lib/bundle.ts';
import type { ExplainFloodReport, Latencies } from './explain-flood-report.ts';
import { startServer } from './server-process.ts';

export interface ExplainFloodPlan {
	/** Seconds of measuring: half plain, half explained, alone and again under the flood. */
	seconds: number;
}

const percentile = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10 : null;
};
const summary = (xs: number[]): Latencies => ({ requests: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99) });

const LONG = Array.from({ length: 100 }, (_, i) =>
	`Component ${i}: `.padEnd(2000, ' steel housing manufactured in 1991 in poor condition')
);

export async function benchExplainFlood(
	buildDir: string,
	modelsDir: string,
	plan: ExplainFloodPlan,
	log: (line: string) => void
): Promise<ExplainFloodReport> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'explain-flood-'));
	const file = path.join(dir, 'app.sqlite');
	let server: Awaited<ReturnType<typeof startServer>> | null = null;
	try {
		// The flooding key; the server's own bench technician is the neighbour.
		const db = await openDatabase({ dialect: 'sqlite', file });
		await createUser(db.db, { username: 'flooder', role: 'technician', password: crypto.randomUUID() });
		const flooderKey = (await createApiKey(db.db, 'flooder')).key;
		await db.close();
		server = await startServer({ buildDir, modelsDir, databaseUrl: `sqlite:${file}`, lifetimeMs: (plan.seconds * 2 + 120) * 1000, log });
		const { origin, apiKey: neighbourKey } = server;

		const post = async (key: string, texts: string[], explain: boolean) => {
			const t0 = performance.now();
			const r = await fetch(`${origin}/api/classify${explain ? '?explain=1' : ''}`, {
				method: 'POST',
				headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
				body: JSON.stringify({ texts })
			});
			await r.arrayBuffer();
			return { status: r.status, ms: performance.now() - t0 };
		};
		const neighbour = async (explain: boolean, ms: number): Promise<number[]> => {
			const out: number[] = [];
			const until = performance.now() + ms;
			while (performance.now() < until) {
				const r = await post(neighbourKey, ['Steel bracket manufactured in 1994, fair condition'], explain);
				if (r.status === 200) out.push(r.ms);
			}
			return out;
		};
		const half = (plan.seconds / 2) * 1000;
		log(`  neighbour alone: ${plan.seconds} s`);
		const alone = { plain: await neighbour(false, half), explain: await neighbour(true, half) };
		let flooding = true;
		const flood: { status: number; ms: number }[] = [];
		const floodLoops = Array.from({ length: 3 }, async () => {
			while (flooding) {
				const r = await post(flooderKey, LONG, true);
				flood.push(r);
				if (r.status === 429) await new Promise((res) => setTimeout(res, 200));
			}
		});
		log(`  neighbour under the flood: ${plan.seconds} s`);
		const under = { plain: await neighbour(false, half), explain: await neighbour(true, half) };
		flooding = false;
		await Promise.all(floodLoops);
		return {
			date: new Date().toISOString(),
			load: os.loadavg()[0],
			seconds: plan.seconds,
			neighbourAlone: { plain: summary(alone.plain), explain: summary(alone.explain) },
			neighbourUnderFlood: { plain: summary(under.plain), explain: summary(under.explain) },
			flood: {
				ok: flood.filter((r) => r.status === 200).length,
				refused429: flood.filter((r) => r.status === 429).length,
				other: flood.filter((r) => r.status !== 200 && r.status !== 429).length
			}
		};
	} finally {
		await server?.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, out: { type: 'string' } } });
	const result = await benchExplainFlood(
		process.env.BUILD_DIR ?? path.join(ROOT, 'build'),
		process.env.MODELS_DIR ?? path.join(ROOT, 'models'),
		{ seconds: Number(values.seconds) },
		(line) => console.error(line)
	);
	console.log(JSON.stringify(result, null, 2));
	if (values.out) writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
}
