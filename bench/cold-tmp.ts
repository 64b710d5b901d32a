import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { startServer } from './server/server-process.ts';
import { launchChromium } from './browser/run-browser.ts';
const build = path.resolve(process.argv[2] ?? 'bench/results/raw/scale-build');
const tmp = mkdtempSync('/tmp/scale/cold-');
const server = await startServer({
	buildDir: build,
	modelsDir: 'models',
	databaseUrl: `sqlite:${tmp}/a.sqlite`,
	lifetimeMs: 400_000,
	log: console.log
});
const browser = await launchChromium({ webgpu: false });
const context = await browser.newContext();
await context.request.post(`${server.origin}/api/session`, { data: server.credentials });
const page = await context.newPage();
const mv = page.getByTestId('model-version');
await page.goto(`${server.origin}/`);
await mv.waitFor({ state: 'visible', timeout: 180_000 });
await page.evaluate(async () => void (await navigator.serviceWorker.ready));
await page.waitForLoadState('networkidle');
const offline = process.argv[3] === 'offline';
if (offline) await context.setOffline(true);
for (let i = 0; i < Number(process.argv[4] ?? 4); i++) {
	const t0 = Date.now();
	await page.reload();
	await mv.waitFor({ state: 'visible', timeout: 60_000 });
	const t1 = Date.now();
	const nav = await page.evaluate(() => performance.timeOrigin);
	const pageMarks = await page.evaluate(() =>
		performance.getEntriesByType('mark').map((m) => [m.name, Math.round(performance.timeOrigin + m.startTime)])
	);
	const w = page.workers().find((x) => x.url().includes('worker'));
	const wm = w
		? await w.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, Math.round(performance.timeOrigin + m.startTime)]))
		: [];
	const rel = (t: number) => t - t0;
	console.log(`reload ${i}: model visible ${t1 - t0} ms; navStart +${rel(Math.round(nav))}`);
	console.log('  page', pageMarks.map(([n, t]) => `${String(n).replace('model-load:', '')}+${rel(t as number)}`).join(' '));
	console.log('  worker', wm.map(([n, t]) => `${String(n).replace('model-load:', '')}+${rel(t as number)}`).join(' '));
}
await browser.close();
await server.stop();
