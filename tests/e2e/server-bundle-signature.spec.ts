/**
 * Signed model bundles on the server: the built app (server.js) on a throwaway models
 * folder and SQLite database. A champion that is unsigned, signed with a key the server
 * does not trust, or whose model.onnx has a flipped byte is refused: the signed champion
 * keeps answering /api/classify, /api/health names the refused version, the analyst sees
 * a model-error alert, and a restart onto the damaged champion serves the last good one
 * instead of answering 503 for good; a corrupt registry.json is no 500 either.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { createApiKey } from '#lib/server/auth/api-keys.ts';
import { signingKeyFromPem } from '#lib/registry/signing.ts';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';
import { freePort } from '#scripts/lib/free-port.ts';
import { spawnAppServer, type AppServer } from '#tests/support/app-server.ts';

const PASSWORD = 'correct horse battery staple';

test.describe.configure({ mode: 'serial' });

let dir: string;
let modelsDir: string;
let dbFile: string;
let base: string;
let server: AppServer | undefined;
let apiKey: string;

function startServer(port: number): void {
	server = spawnAppServer({
		port,
		env: { ORIGIN: base, MODELS_DIR: modelsDir, DATABASE_URL: `sqlite:${dbFile}` },
		unset: ['TRUSTED_MODEL_KEYS', 'NODE_ENV']
	});
}

async function stopServer(): Promise<void> {
	await server?.stop();
	server = undefined;
}

async function health(api: APIRequestContext) {
	const res = await api.get(`${base}/api/health`);
	return { status: res.status(), body: await res.json() };
}

/** Poll /api/health until `ok` holds (the server checks the registry every 2 s). */
async function healthWhen(api: APIRequestContext, what: string, ok: (h: Awaited<ReturnType<typeof health>>) => boolean) {
	let last: unknown;
	await expect
		.poll(
			async () => {
				const h = await health(api).catch(() => null);
				last = h;
				return h !== null && ok(h);
			},
			{ message: `${what}; last health ${JSON.stringify(last)}\n${server?.log()}`, timeout: 60_000 }
		)
		.toBe(true);
	return (await health(api)).body;
}

async function classifiedBy(api: APIRequestContext): Promise<string> {
	const res = await api.post(`${base}/api/classify`, {
		headers: { authorization: `Bearer ${apiKey}` },
		data: { texts: ['Plastic housing from 1987 in poor condition'] }
	});
	expect(res.status()).toBe(200);
	return (await res.json()).model;
}

test.beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'server-signature-'));
	modelsDir = path.join(dir, 'models');
	dbFile = path.join(dir, 'app.sqlite');
	const database = await openDatabase({ dialect: 'sqlite', file: dbFile });
	await createUser(database.db, { username: 'svc', role: 'technician', password: PASSWORD });
	await createUser(database.db, { username: 'ana', role: 'analyst', password: PASSWORD });
	apiKey = (await createApiKey(database.db, 'svc')).key;
	await database.close();
	await makeTinyBundle(modelsDir, { seed: 21, version: 'v1' });
	base = `http://127.0.0.1:${await freePort()}`;
	startServer(Number(new URL(base).port));
});

test.afterAll(async () => {
	await stopServer();
	if (dir) await rm(dir, { recursive: true, force: true });
});

test('an unsigned, untrusted or damaged champion is refused; the signed one keeps answering', async () => {
	const api = await request.newContext();
	await healthWhen(api, 'v1 serves', (h) => h.body.model === 'v1');

	await makeTinyBundle(modelsDir, { seed: 22, version: 'v2', signingKey: null });
	let body = await healthWhen(api, 'v2 refused', (h) => h.body.pending?.version === 'v2');
	expect(body).toMatchObject({ status: 'ready', model: 'v1', pending: { version: 'v2', error: 'BUNDLE_SIGNATURE' } });
	expect(await classifiedBy(api)).toBe('v1');

	const { privateKey } = generateKeyPairSync('ed25519');
	const stranger = await signingKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
	await makeTinyBundle(modelsDir, { seed: 23, version: 'v3', signingKey: stranger });
	body = await healthWhen(api, 'v3 refused', (h) => h.body.pending?.version === 'v3');
	expect(body).toMatchObject({ model: 'v1', pending: { error: 'BUNDLE_SIGNATURE' } });

	// Correctly signed, then one byte of model.onnx flipped on disk.
	await makeTinyBundle(modelsDir, { seed: 24, version: 'v4' });
	await healthWhen(api, 'v4 serves', (h) => h.body.model === 'v4');
	const model = path.join(modelsDir, 'v4/model.onnx');
	const bytes = await readFile(model);
	bytes[bytes.length >> 1] ^= 0x01;
	await writeFile(model, bytes);
	expect(server?.log()).toMatch(/REFUSED cannot load champion v2; still serving v1; retrying in \d+ s: Model v2 has no signature\.json/);

	// The analyst sees the refusals as a critical alert.
	await api.post(`${base}/api/session`, { data: { username: 'ana', password: PASSWORD } });
	const summary = await (await api.get(`${base}/api/monitoring/summary`)).json();
	expect(summary.modelErrors).toEqual(
		expect.arrayContaining([
			expect.objectContaining({ modelVersion: 'v2', errorCode: 'BUNDLE_SIGNATURE' }),
			expect.objectContaining({ modelVersion: 'v3', errorCode: 'BUNDLE_SIGNATURE' })
		])
	);
	expect(summary.alerts).toContainEqual(expect.objectContaining({ code: 'MODEL_ERRORS', severity: 'critical' }));
});

test('a restart onto a damaged champion serves the last good champion, not 503', async () => {
	const api = await request.newContext();
	await stopServer();
	startServer(Number(new URL(base).port));
	const body = await healthWhen(api, 'the server is back', (h) => h.status === 200);
	expect(body).toMatchObject({ status: 'ready', model: 'v1', pending: { version: 'v4', error: 'BUNDLE_INTEGRITY' } });
	expect(await classifiedBy(api)).toBe('v1');
	expect(server?.log()).toContain('models: champion v4 refused; serving the last good champion v1 until it is fixed');
});

test('a corrupt registry.json: the model list and monitoring keep answering, the champion keeps serving', async () => {
	const api = await request.newContext();
	await healthWhen(api, 'the server is ready', (h) => h.status === 200);
	const before = await (await api.get(`${base}/models/manifest.json`)).json();
	const file = path.join(modelsDir, 'registry.json');
	const text = await readFile(file, 'utf8');
	await writeFile(file, text.slice(0, text.length >> 1));
	try {
		const pointer = await api.get(`${base}/models/manifest.json`);
		expect(pointer.status()).toBe(200);
		expect(await pointer.json()).toEqual(before);
		await api.post(`${base}/api/session`, { data: { username: 'ana', password: PASSWORD } });
		const summary = await api.get(`${base}/api/monitoring/summary`);
		expect(summary.status()).toBe(200);
		expect((await summary.json()).alerts).toContainEqual(expect.objectContaining({ code: 'MODEL_ERRORS' }));
		const page = await api.get(`${base}/monitoring`);
		expect(page.status()).toBe(200);
		expect(await classifiedBy(api)).toBe('v1');
		expect((await health(api)).status).toBe(200);
	} finally {
		await writeFile(file, text);
	}
});
