/**
 * App updates. The spec runs its own server twice on one port: first the build as is,
 * then a copy of the build whose service worker has different bytes (what a new release
 * looks like to the browser). The new version installs and waits; the page says "New
 * version available", holds the reload while a change is unsynced (and says why), and
 * reloads only after the click.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { TEST_USERS } from '../support/users.ts';
import { classify, openApp, serveModel, serviceWorkerReady } from './pwa-helpers.ts';
import { freePort } from '#scripts/lib/free-port.ts';
import { ROOT, spawnAppServer, waitForAppServer, type AppServer } from '#tests/support/app-server.ts';

const BUILD = process.env.BUILD_DIR ? path.resolve(process.env.BUILD_DIR) : path.join(ROOT, 'build');

let dir: string;
let port: number;
let server: AppServer | null = null;

async function startServer(buildDir: string): Promise<void> {
	server = spawnAppServer({ port, env: { BUILD_DIR: buildDir, DATABASE_URL: `sqlite:${path.join(dir, 'app.sqlite')}` } });
	await waitForAppServer(server, '/login');
}

async function stopServer(): Promise<void> {
	await server?.stop();
	server = null;
}

test.beforeAll(async () => {
	expect(existsSync(path.join(BUILD, 'handler.js')), 'needs a build (npm run build)').toBe(true);
	dir = await mkdtemp(path.join(tmpdir(), 'pwa-update-'));
	port = await freePort();
	const db = await openDatabase({ dialect: 'sqlite', file: path.join(dir, 'app.sqlite') });
	await createUser(db.db, TEST_USERS.technician);
	await db.close();
	// The "next release": the same build with another version stamped into its service
	// worker. adapter-node serves static files by the size and etag it recorded at build
	// time (adapter-node.js), so that entry is rewritten too (no precompressed variants).
	const next = path.join(dir, 'next');
	await cp(BUILD, next, { recursive: true });
	// The copied server chunks import better-sqlite3 & co.: resolve them from the project.
	await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	const { version } = JSON.parse(await readFile(path.join(next, 'client/_app/version.json'), 'utf8')) as { version: string };
	const swFile = path.join(next, 'client', 'service-worker.js');
	const sw = await readFile(swFile, 'utf8');
	expect(sw).toContain(version);
	const nextSw = sw.replaceAll(version, `${version}-next`);
	await writeFile(swFile, nextSw);
	await rm(`${swFile}.br`, { force: true });
	await rm(`${swFile}.gz`, { force: true });
	const manifestFile = path.join(next, 'adapter-node.js');
	const manifest = await readFile(manifestFile, 'utf8');
	const entry = /(\\"\/service-worker\.js\\",)\{[^}]*\}/;
	expect(manifest).toMatch(entry);
	const size = Buffer.byteLength(nextSw);
	await writeFile(
		manifestFile,
		manifest.replace(entry, `$1{\\"file\\":\\"service-worker.js\\",\\"size\\":${size},\\"etag\\":\\"e2e-next-version\\"}`)
	);
});

test.afterAll(async () => {
	await stopServer();
	if (dir) await rm(dir, { recursive: true, force: true });
});

test('a new version waits for unsynced edits and applies only after the click', async ({ page, context }) => {
	test.setTimeout(120_000);
	const origin = `http://127.0.0.1:${port}`;
	await startServer(BUILD);
	await serveModel(context, 'pwa-update-1');
	await openApp(page, '/', origin);
	await serviceWorkerReady(page);

	// The server is replaced by the next release; the page learns about it on its next check.
	await stopServer();
	await startServer(path.join(dir, 'next'));
	await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
	await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
	const banner = page.getByTestId('update-banner');
	await expect(banner).toContainText('New version available', { timeout: 30_000 });
	const reload = banner.getByRole('button', { name: 'Reload' });

	// An unsynced change (saved offline) holds the reload back, and the banner says why.
	await context.setOffline(true);
	await classify(page, `Iron pipe 1975 poor upd${Date.now()}`);
	await page.getByRole('button', { name: 'Save to inventory' }).click();
	await expect(page.getByTestId('update-blocker')).toContainText('1 change not synced yet');
	await expect(reload).toBeDisabled();
	await context.setOffline(false);
	await expect(page.getByTestId('pending-sync')).toHaveText(/^0 changes to sync/, { timeout: 30_000 });
	await expect(reload).toBeEnabled();

	// Nothing happened by itself: same page, the new version still waiting.
	expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
	expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(true);

	await Promise.all([page.waitForEvent('load'), reload.click()]);
	await expect(page.getByLabel('Component description')).toBeVisible();
	expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBeUndefined();
	expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(false);
	await expect(page.getByTestId('update-banner')).toHaveCount(0);
});
