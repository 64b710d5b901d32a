/**
 * The inference web service end to end: the built app (npm run build) started as its
 * own server process on a throwaway models folder and SQLite database, called over
 * HTTP like an integration would. The tiny models are real ONNX bundles
 * (tests/support/tiny-bundle.ts), so results can be compared with the batch CLI.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { openDatabase, type DatabaseHandle } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { createApiKey, revokeApiKey } from '#lib/server/auth/api-keys.ts';
import { spawnAppServer, type AppServer } from '#tests/support/app-server.ts';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';
import { freePort } from '#scripts/lib/free-port.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = existsSync(path.join(ROOT, 'node_modules/.bin/node')) ? path.join(ROOT, 'node_modules/.bin/node') : process.execPath;
const PASSWORD = 'correct horse battery staple';
const RATE_LIMIT = 10_000;

test.describe.configure({ mode: 'serial' });

let dir: string;
let modelsDir: string;
let base: string;
let server: AppServer | undefined;
let database: DatabaseHandle;
const keys: Record<string, string> = {};

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe().catch(() => undefined);
		if (value !== undefined) return value;
		if (Date.now() > until) throw new Error(`Timed out waiting for ${what}. Server log:\n${server?.log()}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

async function health(api: APIRequestContext) {
	const res = await api.get(`${base}/api/health`);
	return { status: res.status(), body: await res.json() };
}

function classify(api: APIRequestContext, texts: unknown, options: { key?: string; explain?: boolean; raw?: string } = {}) {
	return api.post(`${base}/api/classify${options.explain ? '?explain=1' : ''}`, {
		headers: { 'content-type': 'application/json', ...(options.key ? { authorization: `Bearer ${options.key}` } : {}) },
		data: options.raw ?? JSON.stringify({ texts })
	});
}

async function cliResults(texts: string[], model = 'champion'): Promise<Array<{ label: number; probability: number; model: string }>> {
	const input = path.join(dir, 'cli.csv');
	const output = path.join(dir, 'cli.jsonl');
	await writeFile(input, 'text\n' + texts.map((t) => `"${t.replaceAll('"', '""')}"`).join('\n') + '\n');
	const child = spawn(NODE, [
		path.join(ROOT, 'scripts/classify.ts'),
		'--input',
		input,
		'--output',
		output,
		'--models-dir',
		modelsDir,
		'--model',
		model,
		'--quiet'
	]);
	const [code] = await once(child, 'close');
	expect(code).toBe(0);
	return (await readFile(output, 'utf8'))
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l));
}

test.beforeAll(async () => {
	test.setTimeout(120_000);
	dir = await mkdtemp(path.join(tmpdir(), 'api-e2e-'));
	modelsDir = path.join(dir, 'models');
	const dbFile = path.join(dir, 'app.sqlite');
	database = await openDatabase({ dialect: 'sqlite', file: dbFile });
	for (const [name, role] of [
		['svc-main', 'technician'],
		['svc-load', 'technician'],
		['svc-rate', 'technician'],
		['svc-revoked', 'technician'],
		['analyst1', 'analyst'],
		['tech1', 'technician']
	] as const) {
		await createUser(database.db, { username: name, role, password: PASSWORD });
		const { id, key } = await createApiKey(database.db, name);
		keys[name] = key;
		if (name === 'svc-revoked') await revokeApiKey(database.db, id);
	}
	keys['svc-rate-second-key'] = (await createApiKey(database.db, 'svc-rate')).key;
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	// Starts on an empty models folder: the service must say it is not ready.
	server = spawnAppServer({
		port,
		env: { ORIGIN: base, MODELS_DIR: modelsDir, DATABASE_URL: `sqlite:${dbFile}`, CLASSIFY_TEXTS_PER_MINUTE: String(RATE_LIMIT) }
	});
});

test.afterAll(async () => {
	await server?.stop();
	await database?.close();
	if (dir) await rm(dir, { recursive: true, force: true });
});

test('health is 503 until a champion is loaded, then names it', async () => {
	const api = await request.newContext();
	const first = await waitFor('the server to answer', async () => health(api));
	expect(first.status).toBe(503);
	expect(first.body).toMatchObject({ model: null });
	const refused = await classify(api, ['Steel bracket 2010'], { key: keys['svc-main'] });
	expect(refused.status()).toBe(503);

	await makeTinyBundle(modelsDir, { seed: 21, version: 'v1' });
	const ready = await waitFor('the champion to load', async () => {
		const h = await health(api);
		return h.status === 200 ? h : undefined;
	});
	expect(ready.body).toMatchObject({ status: 'ready', model: 'v1', challenger: null });
});

test('answers like the batch CLI, in order, with per-token explanations on request', async () => {
	const api = await request.newContext();
	const texts = [
		'Steel bracket manufactured in 2012, good condition',
		'Plastic housing from 1987 in poor condition',
		'Iron pipe, fair, 1979',
		'New carbon fiber valve 2020'
	];
	const res = await classify(api, texts, { key: keys['svc-main'] });
	expect(res.status()).toBe(200);
	const body = await res.json();
	const cli = await cliResults(texts);
	expect(body.model).toBe('v1');
	expect(body.results).toHaveLength(texts.length);
	body.results.forEach((r: { label: number; probability: number; needsReview: boolean }, i: number) => {
		expect(cli[i].model).toBe('v1');
		expect(r.label).toBe(cli[i].label);
		expect(r.probability).toBeCloseTo(cli[i].probability, 6);
		expect(typeof r.needsReview).toBe('boolean');
	});

	const explained = await (await classify(api, [texts[0]], { key: keys['svc-main'], explain: true })).json();
	const tokens = explained.results[0].tokens;
	expect(tokens.map((t: { text: string }) => t.text)).toEqual(['Steel', 'bracket', 'manufactured', 'in', '2012', 'good', 'condition']);
	expect(tokens.find((t: { text: string }) => t.text === '2012')).toMatchObject({
		kind: 'year',
		start: 30,
		end: 34,
		contribution: expect.any(Number)
	});
	expect(explained.results[0].probability).toBeCloseTo(body.results[0].probability, 6);
});

test('stores anonymized telemetry for server predictions', async () => {
	const api = await request.newContext();
	const before = await database.db
		.selectFrom('telemetry_events')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('backend', '=', 'server')
		.executeTakeFirstOrThrow();
	await classify(api, ['Steel bolt 2001', 'Iron gear 1960', 'Plastic panel 1999'], { key: keys['svc-main'] });
	const rows = await database.db
		.selectFrom('telemetry_events')
		.selectAll()
		.where('backend', '=', 'server')
		.orderBy('received_at', 'desc')
		.limit(3)
		.execute();
	const after = await database.db
		.selectFrom('telemetry_events')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('backend', '=', 'server')
		.executeTakeFirstOrThrow();
	expect(Number(after.n) - Number(before.n)).toBe(3);
	for (const row of rows) {
		expect(row).toMatchObject({ kind: 'prediction', model_version: 'v1', backend: 'server', overridden: 0 });
		expect(JSON.stringify(row)).not.toMatch(/Steel|Iron|Plastic|svc-main/);
	}
});

test('authenticates with API keys or a signed-in session and checks the role', async () => {
	const anonymous = await request.newContext();
	expect((await classify(anonymous, ['Steel 2010'])).status()).toBe(401);
	expect((await classify(anonymous, ['Steel 2010'], { key: keys['svc-revoked'] })).status()).toBe(401);
	expect((await classify(anonymous, ['Steel 2010'], { key: 'cck_not-a-real-key' })).status()).toBe(401);
	const forbidden = await classify(anonymous, ['Steel 2010'], { key: keys['analyst1'] });
	expect(forbidden.status()).toBe(403);
	expect((await forbidden.json()).message).toMatch(/technician or admin/);

	const browser = await request.newContext();
	const login = await browser.post(`${base}/api/session`, { data: { username: 'tech1', password: PASSWORD } });
	expect(login.status()).toBe(200);
	const res = await classify(browser, ['Steel 2010']);
	expect(res.status()).toBe(200);
	expect((await res.json()).model).toBe('v1');
});

test('enforces the limits with clear reasons', async () => {
	const api = await request.newContext();
	const key = keys['svc-main'];
	const tooMany = await classify(api, Array(1001).fill('Steel 2010'), { key });
	expect(tooMany.status()).toBe(413);
	expect((await tooMany.json()).message).toMatch(/1001 descriptions; the limit is 1000/);

	const tooLong = await classify(api, ['Steel 2010', 'x'.repeat(2001)], { key });
	expect(tooLong.status()).toBe(400);
	expect(await tooLong.json()).toMatchObject({ issues: [{ path: 'texts.1', code: 'TEXT_TOO_LONG' }] });

	const tooBig = await classify(api, null, { key, raw: JSON.stringify({ texts: Array(4200).fill('y'.repeat(2000)) }) });
	expect(tooBig.status()).toBe(413);

	const badJson = await classify(api, null, { key, raw: '{"texts": [' });
	expect(badJson.status()).toBe(400);
	const wrongShape = await classify(api, null, { key, raw: JSON.stringify({ text: 'Steel' }) });
	expect(wrongShape.status()).toBe(400);
	expect((await wrongShape.json()).message).toMatch(/texts/);

	// The largest valid request goes through (the server's body limit must allow it).
	const largest = await classify(api, Array(1000).fill('steel bracket in good condition, made in 2001 '.repeat(44).slice(0, 2000)), {
		key
	});
	expect(largest.status()).toBe(200);
	expect((await largest.json()).results).toHaveLength(1000);
	// Also in a script with multi-byte characters (~4 MB of UTF-8).
	const accented = await classify(api, Array(1000).fill('é'.repeat(2000)), { key });
	expect(accented.status()).toBe(200);
});

test('rate-limits each API key by descriptions per minute', async () => {
	const api = await request.newContext();
	const batch = Array(1000).fill('Steel 2010');
	for (let i = 0; i < RATE_LIMIT / 1000; i++) expect((await classify(api, batch, { key: keys['svc-rate'] })).status()).toBe(200);
	// The bucket refills continuously, so ask for more than a few seconds' refill.
	const limited = await classify(api, batch, { key: keys['svc-rate'] });
	expect(limited.status()).toBe(429);
	expect(Number(limited.headers()['retry-after'])).toBeGreaterThan(0);
	// Other keys are not affected, even another key of the same service account.
	expect((await classify(api, ['Steel 2010'], { key: keys['svc-rate-second-key'] })).status()).toBe(200);
	expect((await classify(api, ['Steel 2010'], { key: keys['svc-main'] })).status()).toBe(200);
});

test('describes itself in OpenAPI 3.1, with an example that works', async () => {
	const api = await request.newContext();
	const doc = await (await api.get(`${base}/api/openapi.json`)).json();
	expect(doc.openapi).toBe('3.1.0');
	expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/classify', '/api/health']));
	const example = doc.paths['/api/classify'].post.requestBody.content['application/json'].example;
	const res = await classify(api, example.texts, { key: keys['svc-main'] });
	expect(res.status()).toBe(200);
	expect((await res.json()).results).toHaveLength(example.texts.length);
});

test('switches champion under load without failing a request', async () => {
	test.setTimeout(120_000);
	const api = await request.newContext();
	const texts = ['Steel bracket 2012 good', 'Plastic housing 1987 poor', 'Iron pipe fair 1979'];
	const answers: Array<{ status: number; model?: string; probabilities?: number[] }> = [];
	let switched = false;
	let after = 0;
	const worker = async () => {
		// Keep calling until the new champion has answered a few times.
		while (!switched || after < 10) {
			const res = await classify(api, texts, { key: keys['svc-load'] });
			const body = res.status() === 200 ? await res.json() : {};
			answers.push({
				status: res.status(),
				model: body.model,
				probabilities: body.results?.map((r: { probability: number }) => r.probability)
			});
			if (switched && body.model === 'v2') after++;
			await new Promise((r) => setTimeout(r, 10));
		}
	};
	const load = Promise.all([worker(), worker(), worker(), worker()]);
	await new Promise((r) => setTimeout(r, 500));
	await makeTinyBundle(modelsDir, { seed: 22, version: 'v2' });
	switched = true;
	await load;

	expect(answers.filter((a) => a.status !== 200)).toEqual([]);
	expect(new Set(answers.map((a) => a.model))).toEqual(new Set(['v1', 'v2']));
	// Each answer is wholly one model's: the same numbers as that model gives alone.
	for (const version of ['v1', 'v2']) {
		const reference = (await cliResults(texts, version)).map((r) => r.probability);
		for (const a of answers.filter((x) => x.model === version)) a.probabilities!.forEach((p, i) => expect(p).toBeCloseTo(reference[i], 6));
	}
	expect((await health(api)).body).toMatchObject({ status: 'ready', model: 'v2' });
	expect(server!.log()).toMatch(/champion switched from v1 to v2/);
});

test('runs a challenger in shadow: answers stay the champion’s, telemetry records both', async () => {
	const api = await request.newContext();
	await makeTinyBundle(modelsDir, { seed: 23, version: 'v3', alias: 'challenger' });
	await waitFor('the challenger to load', async () => ((await health(api)).body.challenger === 'v3' ? true : undefined));
	const res = await classify(api, ['Steel bolt 2001', 'Iron gear 1960'], { key: keys['svc-main'] });
	expect((await res.json()).model).toBe('v2');
	const rows = await database.db
		.selectFrom('telemetry_events')
		.selectAll()
		.where('backend', '=', 'server')
		.orderBy('received_at', 'desc')
		.limit(2)
		.execute();
	const cli = await cliResults(['Steel bolt 2001', 'Iron gear 1960'], 'v3');
	// Newest first; both rows come from the same request.
	const byProbability = [...rows].sort((a, b) => Number(a.shadow_probability) - Number(b.shadow_probability));
	const expected = [...cli].sort((a, b) => a.probability - b.probability);
	byProbability.forEach((row, i) => {
		expect(row).toMatchObject({ model_version: 'v2', shadow_model_version: 'v3', shadow_label: expected[i].label });
		expect(Number(row.shadow_probability)).toBeCloseTo(expected[i].probability, 6);
	});
});
