/**
 * Accounts and role checks against the real server (server.js + build) with a fresh
 * SQLite database: sign-in page, 401 for anonymous callers, 403 for the wrong role,
 * security headers on pages, assets and models.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { signInApi, signInPage } from '../support/session.ts';
import { E2E_BASE_URL, TEST_USERS } from '../support/users.ts';
import type { Role } from '#lib/server/db/schema.ts';

const event = () => ({
	eventId: crypto.randomUUID(),
	time: new Date().toISOString(),
	appVersion: '0.1.0',
	modelVersion: 'e2e-v1',
	backend: 'wasm',
	threads: 2,
	latencyMs: 8,
	label: 1,
	probability: 0.9,
	tokenCount: 8,
	oovCount: 0,
	overridden: false,
	overrideLabel: null,
	shadow: null
});

/** Every protected endpoint, and who may call it. */
const ENDPOINTS: { name: string; call: (r: APIRequestContext) => ReturnType<APIRequestContext['get']>; roles: Role[] }[] = [
	{ name: 'GET /api/session', call: (r) => r.get('/api/session'), roles: ['technician', 'analyst', 'admin'] },
	{
		name: 'POST /api/telemetry',
		call: (r) => r.post('/api/telemetry', { data: { events: [event()] } }),
		// Only technicians' devices send telemetry (analysts' and admins' events would be invented).
		roles: ['technician']
	},
	{ name: 'POST /api/sync', call: (r) => r.post('/api/sync', { data: { cursor: null, changes: [] } }), roles: ['technician', 'admin'] },
	{ name: 'GET /api/monitoring/summary', call: (r) => r.get('/api/monitoring/summary'), roles: ['analyst', 'admin'] }
];

test.describe('sign-in page', () => {
	test('wrong password shows an error; right one lands on the role home page', async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel('Username').fill(TEST_USERS.analyst.username);
		await page.getByLabel('Password').fill('not the password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toContainText('Wrong username or password');
		await signInPage(page, 'analyst');
		await expect(page).toHaveURL(/\/monitoring/);
		const cookie = (await page.context().cookies()).find((c) => c.name === 'session');
		expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
	});

	test('a protected page sends anonymous visitors to sign in and back', async ({ page }) => {
		await page.goto('/monitoring?model=e2e-v1');
		await expect(page).toHaveURL(/\/login\?next=/);
		await page.getByLabel('Username').fill(TEST_USERS.admin.username);
		await page.getByLabel('Password').fill(TEST_USERS.admin.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(/\/monitoring\?model=e2e-v1/);
	});

	test('signing out ends the session', async ({ page }) => {
		await signInPage(page, 'analyst');
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(/\/login/);
		expect((await page.request.get('/api/session')).status()).toBe(401);
	});

	test('technicians cannot open the monitoring page', async ({ page }) => {
		await signInPage(page, 'technician');
		// The page says whom it is for and offers the technician's own pages; the data stays 403.
		await page.goto('/monitoring');
		await expect(page.getByTestId('wrong-role')).toContainText('Monitoring is for analysts');
		expect((await page.request.get('/api/monitoring/summary')).status()).toBe(403);
	});
});

test.describe('role checks on every endpoint', () => {
	for (const endpoint of ENDPOINTS) {
		test(`${endpoint.name}: 401 anonymous, 403 wrong role, 200 right role`, async ({ playwright }) => {
			const anonymous = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
			expect((await endpoint.call(anonymous)).status()).toBe(401);
			await anonymous.dispose();
			for (const role of ['technician', 'analyst', 'admin'] as const) {
				const ctx = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
				await signInApi(ctx, role);
				const res = await endpoint.call(ctx);
				expect(res.status(), `${role}: ${await res.text()}`).toBe(endpoint.roles.includes(role) ? 200 : 403);
				await ctx.dispose();
			}
		});
	}

	test('a bad telemetry batch gets 400 with the reason; a huge one 413', async ({ request }) => {
		await signInApi(request, 'technician');
		const bad = await request.post('/api/telemetry', { data: { events: [{ ...event(), probability: 2 }] } });
		expect(bad.status()).toBe(400);
		expect((await bad.json()).message).toMatch(/events\[0\]\.probability/);
		const huge = await request.post('/api/telemetry', { data: { events: Array.from({ length: 501 }, event) } });
		expect(huge.status()).toBe(413);
	});
});

test('telemetry is rate-limited per session, whatever X-Device-Id says', async ({ request, playwright }) => {
	await signInApi(request, 'technician');
	// The limit is checked before validation, so invalid events (never stored) still count.
	const events = Array.from({ length: 500 }, () => ({ ...event(), probability: 2 }));
	let limited;
	for (let i = 0; i < 20 && !limited; i++) {
		// A new device id each time: the limit must hold anyway.
		const res = await request.post('/api/telemetry', { data: { events }, headers: { 'x-device-id': `rate-${crypto.randomUUID()}` } });
		if (res.status() === 429) limited = res;
		else expect(res.status()).toBe(400);
	}
	expect(limited, 'no 429 after 10,000 events in a burst').toBeDefined();
	expect(Number(limited!.headers()['retry-after'])).toBeGreaterThan(0);
	// A new session of the same user still has the rest of the user's budget.
	const other = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
	await signInApi(other, 'technician');
	expect((await other.post('/api/telemetry', { data: { events: [event()] } })).status()).toBe(200);
	await other.dispose();
});

test.describe('security headers', () => {
	const expectIsolated = (headers: Record<string, string>) => {
		expect(headers['cross-origin-opener-policy']).toBe('same-origin');
		expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
		expect(headers['cross-origin-resource-policy']).toBe('same-origin');
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['referrer-policy']).toBeTruthy();
		expect(headers['content-security-policy']).toContain("'wasm-unsafe-eval'");
	};

	test('on pages, API answers, static assets and models', async ({ request }) => {
		const assets = path.resolve(import.meta.dirname, '../../build/client/_app/immutable/entry');
		const asset = readdirSync(assets).find((f) => f.endsWith('.js'));
		for (const url of ['/login', '/api/session', '/models/manifest.json', `/_app/immutable/entry/${asset}`]) {
			const res = await request.get(url);
			expectIsolated(res.headers());
		}
		expect((await request.get('/models/manifest.json')).headers()['cache-control']).toBe('no-cache');
		expect((await request.get('/models/registry.json')).status()).toBe(404);
		expect((await request.get('/models/..%2f..%2fpackage.json')).status()).toBe(404);
	});

	test('the page is cross-origin isolated, so ORT can use threads', async ({ page }) => {
		await page.goto('/login');
		expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
	});

	test('WebAssembly is served as application/wasm', async ({ request }) => {
		const dir = path.resolve(import.meta.dirname, '../../build/client/_app/immutable/assets');
		const wasm = readdirSync(dir).find((f) => f.endsWith('.wasm'));
		expect(wasm, "the build has no .wasm asset: onnxruntime-web's WASM must be emitted").toBeDefined();
		const res = await request.head(`/_app/immutable/assets/${wasm}`);
		expect(res.headers()['content-type']).toBe('application/wasm');
		expectIsolated(res.headers());
	});
});
