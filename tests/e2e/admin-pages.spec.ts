/**
 * The admin pages against the real server: users (add, disable), API keys (create with a
 * scope, use it, revoke it), an item's history, excluding a telemetry session, and the
 * 403 other roles get. Screenshots at 1024x768 and 390x844 go to /tmp/shots-authz/.
 */
import { expect, test, type Page } from '@playwright/test';
import { signInApi, signInPage } from '../support/session.ts';
import { E2E_BASE_URL } from '../support/users.ts';

const SHOTS = '/tmp/shots-authz';
const SIZES = [
	{ width: 1024, height: 768 },
	{ width: 390, height: 844 }
];

async function shoot(page: Page, name: string) {
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await page.screenshot({ path: `${SHOTS}/${name}-${size.width}.png`, fullPage: true });
		// Nothing wider than the screen.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
	}
	await page.setViewportSize(SIZES[0]);
}

test('technicians and analysts get a plain 403 on the admin pages', async ({ page }) => {
	await signInPage(page, 'technician');
	const res = await page.goto('/admin/users');
	expect(res?.status()).toBe(403);
	await expect(page.getByText(/needs the admin role/)).toBeVisible();
});

test('an admin adds a user, gives it a scoped key, revokes the key and disables the user', async ({ page, playwright }) => {
	const name = `svc-${Date.now().toString(36)}`;
	await signInPage(page, 'admin', '/admin');
	await expect(page.getByRole('heading', { name: 'Admin', level: 1 })).toBeVisible();
	await shoot(page, 'admin');
	await page
		.getByRole('link', { name: /^Users/ })
		.first()
		.click();

	// Add a user: the generated password is shown once.
	const add = page.locator('form[action="?/add"]');
	await add.getByLabel('Username').fill(name);
	await add.getByLabel(/^Role/).selectOption('technician');
	await page.getByRole('button', { name: 'Add user' }).click();
	await expect(page.getByRole('status')).toContainText(`Added technician "${name}"`);
	const password = (await page.getByTestId('new-password').textContent())!.trim();
	expect(password.length).toBeGreaterThanOrEqual(12);
	await expect(page.getByTestId(`user-${name}`)).toContainText('active');
	await shoot(page, 'admin-users');

	// A key that may only classify, for 7 days.
	await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'API keys' }).click();
	await page.getByLabel('Acts as user').selectOption(name);
	await page.getByLabel(/classify descriptions/).check();
	await page.getByLabel(/push and pull/).uncheck();
	await page.getByLabel('Expires after').selectOption('7');
	await page.getByRole('button', { name: 'Create key' }).click();
	await expect(page.getByRole('status')).toContainText(`New key for ${name} (classify; expires`);
	const key = (await page.getByTestId('new-key').textContent())!.trim();
	expect(key).toMatch(/^cck_/);
	const card = page.getByTestId(`key-${key.slice(0, 10)}`);
	await expect(card).toContainText('classify');
	await expect(card).toContainText('active');
	await shoot(page, 'admin-keys');

	const api = await playwright.request.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
	const classify = await api.post('/api/classify', { data: { texts: ['Steel bracket made in 2020'] } });
	expect([200, 503]).toContain(classify.status()); // 503 only while the model loads
	expect((await api.post('/api/sync', { data: { cursor: null, changes: [] } })).status()).toBe(403);
	expect((await api.get('/api/monitoring/summary')).status()).toBe(403);

	// Revoke: the key stops working at once.
	await card.getByRole('button', { name: /Revoke/ }).click();
	await expect(page.getByRole('status')).toContainText('Key revoked');
	await expect(card).toContainText('revoked');
	expect((await api.post('/api/classify', { data: { texts: ['Steel bracket'] } })).status()).toBe(401);
	await api.dispose();

	// Disable the user: they cannot sign in.
	await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click();
	await page.getByTestId(`user-${name}`).getByRole('button', { name: 'Disable' }).click();
	await expect(page.getByRole('status')).toContainText(`Disabled "${name}"`);
	await expect(page.getByTestId(`user-${name}`)).toContainText('disabled');
	const signIn = await page.request.post('/api/session', { data: { username: name, password } });
	expect(signIn.status()).toBe(401);
});

test("an admin reads an item's history and excludes a telemetry session", async ({ page, playwright }) => {
	const tech = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
	await signInApi(tech, 'technician');
	const id = crypto.randomUUID();
	const description = `Audit bracket ${Date.now()} steel 2019`;
	const record = {
		id,
		description,
		label: 0,
		probability: 0.1,
		modelVersion: 'device-model',
		needsReview: false,
		override: null,
		createdAt: '2026-11-01T10:00:00.000Z',
		updatedAt: '2026-11-01T10:00:00.000Z',
		deleted: false
	};
	expect(
		(
			await tech.post('/api/sync', { data: { cursor: null, changes: [{ changeId: crypto.randomUUID(), baseVersion: 0, record }] } })
		).status()
	).toBe(200);
	const now = Date.now();
	const events = Array.from({ length: 3 }, (_, i) => ({
		eventId: crypto.randomUUID(),
		time: new Date(now - i * 1000).toISOString(),
		appVersion: '0.1.0',
		modelVersion: 'e2e-exclusion',
		backend: 'wasm',
		threads: 2,
		latencyMs: 5,
		label: 1,
		probability: 0.9,
		tokenCount: 6,
		oovCount: 0,
		overridden: false,
		overrideLabel: null,
		shadow: null
	}));
	expect(await (await tech.post('/api/telemetry', { data: { events } })).json()).toMatchObject({ accepted: 3 });

	const admin = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
	await signInApi(admin, 'admin');
	const edited = { ...record, deleted: true, updatedAt: '2026-11-01T11:00:00.000Z' };
	expect(
		(
			await admin.post('/api/sync', {
				data: { cursor: null, changes: [{ changeId: crypto.randomUUID(), baseVersion: 1, record: edited }] }
			})
		).status()
	).toBe(200);
	const audit = await (await admin.get(`/api/admin/audit?item=${id}`)).json();
	expect(audit.entries.map((e: { actor: string; action: string }) => `${e.actor}:${e.action}`)).toEqual(['tech:create', 'admin:delete']);
	await admin.dispose();

	await signInPage(page, 'admin', '/admin/audit');
	await page.getByLabel(/Find an item/).fill(description);
	await page.getByRole('button', { name: 'Search' }).click();
	await page.getByRole('link', { name: description }).click();
	await expect(page.getByTestId('audit-entry')).toHaveCount(2);
	await expect(page.getByTestId('audit-entry').first()).toContainText('Created by tech');
	await expect(page.getByTestId('audit-entry').last()).toContainText('Deleted by admin');
	await shoot(page, 'admin-audit');

	await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Telemetry sources' }).click();
	const source = page.locator('[data-testid^="source-"]', { hasText: 'tech' }).first();
	await expect(source).toBeVisible();
	await shoot(page, 'admin-telemetry');
	await source.getByLabel('Reason').fill('e2e test device');
	await source.getByRole('button', { name: 'Exclude from monitoring' }).click();
	await expect(page.getByRole('status')).toContainText(/Excluded the session: \d+ events? taken out of monitoring/);
	// What that session sends now is dropped.
	const later = await tech.post('/api/telemetry', { data: { events: [{ ...events[0], eventId: crypto.randomUUID() }] } });
	expect(await later.json()).toMatchObject({ accepted: 0, excluded: 1 });
	await tech.dispose();
});

test('the admin JSON APIs validate input, answer JSON errors and refuse other roles and API keys', async ({ playwright }) => {
	const admin = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
	await signInApi(admin, 'admin');
	const name = `api-${Date.now().toString(36)}`;
	const added = await admin.post('/api/admin/users', { data: { username: name, role: 'technician' } });
	expect(added.status()).toBe(201);
	const { password } = await added.json();
	expect(password).toBeTruthy();
	const dup = await admin.post('/api/admin/users', { data: { username: name, role: 'technician' } });
	expect(dup.status()).toBe(409);
	expect(await dup.json()).toMatchObject({ code: 'USER_EXISTS' });
	const bad = await admin.post('/api/admin/keys', { data: { username: name, scopes: ['everything'], expiresInDays: 7 } });
	expect(bad.status()).toBe(400);
	expect((await bad.json()).message).toMatch(/^scopes\.0/);

	const created = await admin.post('/api/admin/keys', { data: { username: name, scopes: ['sync'], expiresInDays: 1 } });
	expect(created.status()).toBe(201);
	const { id, key } = await created.json();
	const withKey = await playwright.request.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
	expect((await withKey.post('/api/sync', { data: { cursor: null, changes: [] } })).status()).toBe(200);
	expect((await withKey.post('/api/classify', { data: { texts: ['Steel'] } })).status()).toBe(403);
	expect((await withKey.get('/api/admin/users')).status()).toBe(403);

	// A password reset revokes the user's keys.
	const reset = await admin.post(`/api/admin/users/${name}/reset`, { data: {} });
	expect(reset.status()).toBe(200);
	expect((await reset.json()).password).not.toBe(password);
	expect((await withKey.post('/api/sync', { data: { cursor: null, changes: [] } })).status()).toBe(401);
	expect((await admin.delete(`/api/admin/keys/${id}`, { headers: { origin: E2E_BASE_URL } })).status()).toBe(404);
	expect((await admin.patch(`/api/admin/users/${name}`, { data: { role: 'analyst' } })).status()).toBe(200);
	expect((await admin.patch(`/api/admin/users/ghost-${name}`, { data: { disabled: true } })).status()).toBe(404);
	await withKey.dispose();

	const analyst = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
	await signInApi(analyst, 'analyst');
	const refused = await analyst.get('/api/admin/keys');
	expect(refused.status()).toBe(403);
	await Promise.all([admin.dispose(), analyst.dispose()]);
});
