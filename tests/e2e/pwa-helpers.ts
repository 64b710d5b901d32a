/**
 * Helpers for the PWA specs: a tiny real model served at /models (per spec, a version
 * name of its own so server-side counts can be filtered by model), sign-in, classify,
 * and server-side counts read through the real APIs.
 */
import { expect, request as playwrightRequest, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { buildBundle, serveBundles, type ServedModels, type TestBundle } from './inference-bundles.ts';
import { signInApi } from '../support/session.ts';
import { E2E_BASE_URL, TEST_USERS } from '../support/users.ts';
import type { InventoryRecord, SyncResponse } from '#lib/sync/protocol.ts';

const bundles = new Map<string, Promise<TestBundle>>();

/** A tiny real model named `version`, built once per worker. */
export function bundle(version: string, seed = 11): Promise<TestBundle> {
	let b = bundles.get(version);
	if (!b) bundles.set(version, (b = buildBundle(version, seed)));
	return b;
}

export async function serveModel(context: BrowserContext, version: string): Promise<ServedModels> {
	return serveBundles(context, await bundle(version));
}

/**
 * Sign in through /login. Waits for the page to settle first: the login form's hydration
 * resets the username field, so typing before it finished loses the username.
 */
export async function signIn(page: Page, next: string, origin = ''): Promise<void> {
	const user = TEST_USERS.technician;
	await page.goto(`${origin}/login?next=${encodeURIComponent(next)}`);
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Username').fill(user.username);
	await page.getByLabel('Password').fill(user.password);
	await expect(page.getByLabel('Username')).toHaveValue(user.username);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

/** Sign in as the technician and land on `path` with the model ready. */
export async function openApp(page: Page, path = '/', origin = ''): Promise<void> {
	await signIn(page, path, origin);
	await expect(page.getByTestId('model-version').or(page.getByTestId('status-model'))).toContainText('Model', { timeout: 30_000 });
	await expect(page.getByTestId('status-model')).not.toContainText('loading', { timeout: 30_000 });
}

export async function classify(page: Page, text: string): Promise<void> {
	const box = page.getByLabel('Component description');
	await box.fill(text);
	await box.press('Enter');
	await expect(page.getByTestId('verdict')).toBeVisible();
	await expect(page.getByTestId('verdict').getByTestId('explanation')).toContainText(text.split(' ')[0]);
}

/** Overrides the verdict on screen (its item saved already) to `label`, with `reason`. */
export async function overrideVerdict(page: Page, label: 'Compliant' | 'Non-compliant', reason: string): Promise<void> {
	await page.getByRole('button', { name: 'Override label…' }).click();
	await page.getByRole('radio', { name: label, exact: true }).check();
	await page.getByLabel('Reason for the override').fill(reason);
	await page.getByRole('button', { name: 'Save override' }).click();
	await expect(page.getByTestId('override-note')).toBeVisible();
}

/** Waits until the service worker controls the page (the shell is cached from then on). */
export async function serviceWorkerReady(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
		}
	});
}

export async function adminApi(): Promise<APIRequestContext> {
	const api = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	await signInApi(api, 'admin');
	return api;
}

/** Every inventory record on the server (pulls the whole feed). */
export async function serverInventory(api: APIRequestContext): Promise<InventoryRecord[]> {
	const byId = new Map<string, InventoryRecord>();
	let cursor: string | null = null;
	for (;;) {
		const res = await api.post('/api/sync', { data: { cursor, changes: [] } });
		expect(res.status(), await res.text()).toBe(200);
		const body = (await res.json()) as SyncResponse;
		for (const r of body.changes) byId.set(r.id, r);
		cursor = body.cursor;
		if (!body.more) break;
	}
	return [...byId.values()];
}

/** Predictions and overrides the server stored for one model version. */
export async function serverTelemetry(api: APIRequestContext, model: string): Promise<{ predictions: number; overrides: number }> {
	const res = await api.get(`/api/monitoring/summary?model=${encodeURIComponent(model)}`);
	expect(res.status(), await res.text()).toBe(200);
	const body = await res.json();
	return { predictions: body.totals.predictions, overrides: body.overrides.count };
}

/** Descriptions from the synthetic generator's vocabulary (known words for the tiny model). */
export function uniqueDescription(tag: string): string {
	return `Steel bracket manufactured in 1998 in good condition ${tag}`;
}
