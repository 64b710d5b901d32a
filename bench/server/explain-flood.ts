/**
 * Explain cost limits under a flood (issue 14 item 4): key A keeps 3 connections of
 * `POST /api/classify?explain=1` with 100 descriptions of 2,000 characters busy; key B sends
 * one description at a time (plain, then explained). Reports B's p50/p99 alone and under
 * the flood, and what A got (200 / 429). Real server.js on the built app, fresh SQLite.
 *   node bench/server/explain-flood.ts [--port N] [--seconds S] [--out FILE.json]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { createApiKey } from '#lib/server/auth/api-keys.ts';
import { freePort } from '#scripts/lib/free-port.ts';

const { values } = parseArgs({
	options: { port: { type: 'string' }, seconds: { type: 'string', default: '20' }, out: { type: 'string' } }
});
const seconds = Number(values.seconds);
const port = values.port ? Number(values.port) : await freePort();
const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'explain-flood-'));
const databaseUrl = `sqlite:${path.join(dir, 'app.sqlite')}`;

const db = await openDatabase({ dialect: 'sqlite', file: path.join(dir, 'app.sqlite') });
const keys: string[] = [];
for (const name of ['flooder', 'neighbour']) {
	await createUser(db.db, { username: name, role: 'technician', password: crypto.randomUUID() });
	keys.push((await createApiKey(db.db, name)).key);
}
await db.close();

const child = spawn(process.execPath, [path.join(root, 'server.js')], {
	cwd: root,
	env: {
		...process.env,
		HOST: '127.0.0.1',
		PORT: String(port),
		DATABASE_URL: databaseUrl,
		NODE_ENV: 'production',
		TRUSTED_MODEL_KEYS: 'development'
	},
	stdio: 'ignore'
});
const origin = `http://127.0.0.1:${port}`;
const stop = () => {
	child.kill('SIGTERM');
	rmSync(dir, { recursive: true, force: true });
};
process.on('exit', stop);

for (let i = 0; ; i++) {
	if (i > 240) throw new Error('server not ready in 60 s');
	const ok = await fetch(`${origin}/api/health`).then(
		(r) => r.ok,
		() => false
	);
	if (ok) break;
	await new Promise((r) => setTimeout(r, 250));
}

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

const percentile = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10 : null;
};

async function neighbour(explain: boolean, ms: number): Promise<number[]> {
	const out: number[] = [];
	const until = performance.now() + ms;
	while (performance.now() < until) {
		const r = await post(keys[1], ['Steel bracket manufactured in 1994, fair condition'], explain);
		if (r.status === 200) out.push(r.ms);
	}
	return out;
}

const long = Array.from({ length: 100 }, (_, i) =>
	`Component ${i}: `.padEnd(2000, ' steel housing manufactured in 1991 in poor condition')
);
const alone = { plain: await neighbour(false, (seconds / 2) * 1000), explain: await neighbour(true, (seconds / 2) * 1000) };
let flooding = true;
const flood: { status: number; ms: number }[] = [];
const floodLoops = Array.from({ length: 3 }, async () => {
	while (flooding) {
		const r = await post(keys[0], long, true);
		flood.push(r);
		if (r.status === 429) await new Promise((res) => setTimeout(res, 200));
	}
});
const under = { plain: await neighbour(false, (seconds / 2) * 1000), explain: await neighbour(true, (seconds / 2) * 1000) };
flooding = false;
await Promise.all(floodLoops);

const summary = (xs: number[]) => ({ requests: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99) });
const result = {
	date: new Date().toISOString(),
	load: os.loadavg()[0],
	seconds,
	neighbourAlone: { plain: summary(alone.plain), explain: summary(alone.explain) },
	neighbourUnderFlood: { plain: summary(under.plain), explain: summary(under.explain) },
	flood: {
		ok: flood.filter((r) => r.status === 200).length,
		refused429: flood.filter((r) => r.status === 429).length,
		other: flood.filter((r) => r.status !== 200 && r.status !== 429).length
	}
};
console.log(JSON.stringify(result, null, 2));
if (values.out) writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
stop();
process.exit(0);
