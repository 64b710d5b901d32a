/**
 * The pages and states the accessibility specs check, as data: one line per page or state
 * ({name, url, role, setup}). Adding a page is one entry here.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { Role } from '#lib/server/db/schema.ts';
import { serveBundles } from './inference-bundles.ts';
import { bundle, classify } from './pwa-helpers.ts';
import { loadSigningKey, signManifest } from '#lib/registry/signing.ts';
import { TEST_USERS } from '../support/users.ts';

export const A11Y_MODEL = 'a11y-1';

export interface PageCase {
	name: string;
	url: string;
	/** Signed in as this role first; null = anonymous. */
	role: Role | null;
	/** The classifier model is needed (served, and ready before `setup`). */
	model?: 'plain' | 'needs-review';
	/** Brings the page into the state to check, after it loaded. */
	setup?: (page: Page, context: BrowserContext) => Promise<void>;
	/** A known finding someone else's branch fixes: the case is marked fixme in that scheme, with this reason. */
	pending?: { scheme: 'light' | 'dark'; reason: string };
}

const TEXT = 'Steel bracket manufactured in 1998 in good condition';

async function bulkScan(page: Page) {
	await page.getByLabel('Or paste descriptions, one per line').fill('Steel pipe 1999 good\nIron gear 1970 poor\nPlastic cap 2001 new');
	await page.getByRole('button', { name: 'Classify all' }).click();
	await expect(page.getByTestId('bulk-status')).toHaveText(/^Done/, { timeout: 30_000 });
}

async function savedItem(page: Page) {
	await page.goto('/');
	await modelReady(page);
	await classify(page, `${TEXT} a11y${Date.now()}`);
	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await expect(page.getByRole('button', { name: 'Saved' })).toBeVisible();
	await page.getByRole('link', { name: 'Inventory' }).click();
	await expect(page.getByTestId('inventory-item').first()).toBeVisible();
}

export const PAGES: PageCase[] = [
	{ name: 'sign-in', url: '/login', role: null },
	{ name: 'not found', url: '/no-such-page', role: null },
	{ name: 'classify, empty', url: '/', role: 'technician', model: 'plain' },
	{ name: 'classify, with a verdict', url: '/', role: 'technician', model: 'plain', setup: (p) => classify(p, TEXT) },
	{ name: 'classify, needs review', url: '/', role: 'technician', model: 'needs-review', setup: (p) => classify(p, TEXT) },
	{
		name: 'classify, override form open',
		url: '/',
		role: 'technician',
		model: 'plain',
		setup: async (p) => {
			await classify(p, TEXT);
			await p.getByRole('button', { name: 'Override label…' }).click();
		}
	},
	{
		name: 'inventory, empty',
		url: '/inventory',
		role: 'technician',
		model: 'plain',
		setup: (p) => p.getByRole('searchbox', { name: 'Search' }).fill('nothing matches this search 1234')
	},
	{ name: 'inventory, with items', url: '/', role: 'technician', model: 'plain', setup: savedItem },
	{
		name: 'inventory, filtered',
		url: '/',
		role: 'technician',
		model: 'plain',
		setup: async (p) => {
			await savedItem(p);
			await p.getByRole('checkbox', { name: 'Needs review only' }).check();
		}
	},
	{
		name: 'inventory, editing',
		url: '/',
		role: 'technician',
		model: 'plain',
		setup: async (p) => {
			await savedItem(p);
			await p.getByTestId('inventory-item').first().getByRole('button', { name: /^Edit/ }).click();
		}
	},
	{ name: 'bulk, before a scan', url: '/bulk', role: 'technician', model: 'plain' },
	{ name: 'bulk, after a scan', url: '/bulk', role: 'technician', model: 'plain', setup: bulkScan },
	{
		name: 'documents',
		url: '/documents',
		role: 'technician',
		model: 'plain'
	},
	{
		name: 'signed out',
		url: '/',
		role: 'technician',
		model: 'plain',
		setup: async (p) => {
			await p.getByRole('button', { name: 'Sign out' }).click();
			await expect(p).toHaveURL(/\/login/);
			await expect(p.getByRole('heading', { name: 'Sign in' })).toBeVisible();
			await p.waitForLoadState('networkidle');
		}
	},
	{
		name: 'signed out offline',
		url: '/',
		role: 'technician',
		model: 'plain',
		setup: async (p, context) => {
			await context.setOffline(true);
			await p.getByRole('button', { name: 'Sign out' }).click();
			await expect(p.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
		}
	},
	{
		name: 'monitoring (analyst)',
		url: '/monitoring',
		role: 'analyst'
	},
	{ name: 'admin models', url: '/admin/models', role: 'admin' },
	{ name: 'admin', url: '/admin', role: 'admin' },
	{ name: 'admin users', url: '/admin/users', role: 'admin' },
	{ name: 'admin API keys', url: '/admin/keys', role: 'admin' },
	{ name: 'admin item history', url: '/admin/audit', role: 'admin' },
	{ name: 'admin telemetry sources', url: '/admin/telemetry', role: 'admin' },
	{ name: 'review queue (analyst)', url: '/review', role: 'analyst' },
	{ name: 'account', url: '/account', role: 'technician' }
];

export async function signInAs(page: Page, role: Role, next: string): Promise<void> {
	const user = TEST_USERS[role];
	await page.goto(`/login?next=${encodeURIComponent(next)}`);
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Username').fill(user.username);
	await page.getByLabel('Password').fill(user.password);
	await expect(page.getByLabel('Username')).toHaveValue(user.username);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

export async function modelReady(page: Page): Promise<void> {
	await expect(page.getByTestId('status-model')).toContainText('Model', { timeout: 30_000 });
	await expect(page.getByTestId('status-model')).not.toContainText('loading', { timeout: 30_000 });
}

export async function serveFor(context: BrowserContext, kind: 'plain' | 'needs-review'): Promise<void> {
	const base = await bundle(A11Y_MODEL);
	if (kind === 'plain') {
		await serveBundles(context, base);
		return;
	}
	// Every verdict "not sure enough": the needs-review state.
	const manifest = { ...base.manifest, review: { ...base.manifest.review, minConfidence: 0.9999 } };
	await serveBundles(context, { ...base, manifest, signature: signManifest(manifest, await loadSigningKey({})) });
}

/** Opens `c` in its state: model served, signed in, page loaded, setup done. */
export async function openCase(page: Page, context: BrowserContext, c: PageCase): Promise<void> {
	if (c.model) await serveFor(context, c.model);
	if (c.role) await signInAs(page, c.role, c.url);
	await page.goto(c.url);
	await page.waitForLoadState('networkidle');
	if (c.model) await modelReady(page);
	await c.setup?.(page, context);
}
