/**
 * The built app, served by the real server.js, in Chromium:
 *   first visit   bytes on the wire until the model serves and the service worker is ready;
 *   cold start    offline (context.setOffline), reload -> first verdict on the classify screen;
 *   model update  bytes downloaded when a new champion (same vocabulary) is published.
 * Bytes are counted by a loopback proxy in front of server.js (see counting-proxy.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { RAW_DIR, type BenchBundle } from '../lib/bundle.ts';
import { summarize, type LatencySummary } from '../lib/stats.ts';
import { launchChromium } from '../browser/run-browser.ts';
import { startServer } from '../server/server-process.ts';
import { startCountingProxy, type CountedResponse } from './counting-proxy.ts';
import { copyModels, publishUpdate } from './model-update.ts';
import { measureModelReady, startOrderLines, type ModelReadyReport } from './cold-start.ts';

export interface ByteBreakdown {
	total: number;
	/** `total` with every uncompressed response gzip-compressed (what a compressing proxy or precompress would send). */
	totalGzip: number;
	requests: number;
	/** onnxruntime-web .wasm binaries. */
	ortWasm: number;
	ortWasmGzip: number;
	/** Everything under /models/ (manifest pointer, manifest, ONNX, vocabulary). */
	models: number;
	modelsGzip: number;
	/** The rest: HTML, JS, CSS, service worker, API calls. */
	app: number;
	/** Content-Encodings seen on the big files (e.g. "br", "gzip", "identity"). */
	encodings: string[];
	largest: { url: string; bytes: number }[];
	/** Responses over 100 KB downloaded more than once in the same visit (wasted bytes). */
	duplicates: { url: string; times: number; bytes: number }[];
}

export interface AppReport {
	buildDir: string;
	firstVisit: ByteBreakdown;
	/** Reload online once everything is cached (what a returning technician downloads). */
	secondVisit: ByteBreakdown;
	/** ms from reload (offline, everything cached) to the first verdict on screen. */
	coldStart: LatencySummary | null;
	coldStartError: string | null;
	/** Online reload -> model ready, with the load path's steps (cold-start.ts). */
	modelReady: ModelReadyReport | null;
	modelReadyError: string | null;
	/** URLs the app tried to reach while offline (each failed at once, as with no network). */
	offlineAttempts: string[];
	update: (ByteBreakdown & { version: string; onnxBytes: number }) | null;
	updateError: string | null;
}

function duplicatesOf(responses: readonly CountedResponse[]): ByteBreakdown['duplicates'] {
	const seen = new Map<string, { times: number; bytes: number }>();
	for (const r of responses) {
		if (r.bytes < 100_000 || r.status !== 200) continue;
		const url = r.url.replace(/\?.*$/, '');
		const entry = seen.get(url) ?? { times: 0, bytes: 0 };
		seen.set(url, { times: entry.times + 1, bytes: entry.bytes + r.bytes });
	}
	return [...seen].filter(([, v]) => v.times > 1).map(([url, v]) => ({ url, ...v }));
}

export function breakdown(responses: readonly CountedResponse[]): ByteBreakdown {
	const sum = (filter: (r: CountedResponse) => boolean, gzip = false) =>
		responses.filter(filter).reduce((n, r) => n + (gzip ? r.gzipBytes : r.bytes), 0);
	const isWasm = (r: CountedResponse) => /\.wasm(\?|$)/.test(r.url);
	const isModel = (r: CountedResponse) => r.url.startsWith('/models/');
	return {
		total: sum(() => true),
		totalGzip: sum(() => true, true),
		requests: responses.length,
		ortWasm: sum(isWasm),
		ortWasmGzip: sum(isWasm, true),
		models: sum(isModel),
		modelsGzip: sum(isModel, true),
		app: sum((r) => !isWasm(r) && !isModel(r)),
		encodings: [...new Set(responses.filter((r) => r.bytes > 100_000).map((r) => r.encoding ?? 'identity'))],
		duplicates: duplicatesOf(responses),
		largest: [...responses]
			.sort((a, b) => b.bytes - a.bytes)
			.slice(0, 5)
			.map((r) => ({ url: r.url.replace(/\?.*$/, ''), bytes: r.bytes }))
	};
}

const SAMPLE = 'Steel bracket manufactured in 1998, good condition';

export async function benchApp(bundle: BenchBundle, buildDir: string, coldStarts: number, log: (line: string) => void): Promise<AppReport> {
	const modelsDir = path.join(RAW_DIR, 'app-models');
	copyModels(bundle, modelsDir);
	const tmp = mkdtempSync(path.join(RAW_DIR, 'app-'));
	const server = await startServer({
		buildDir,
		modelsDir,
		databaseUrl: `sqlite:${path.join(tmp, 'app.sqlite')}`,
		lifetimeMs: 600_000,
		log
	});
	const proxy = await startCountingProxy(server.origin);
	// No --enable-unsafe-webgpu: the only adapter here is SwiftShader (a CPU emulation), so the
	// app would run a slow emulated GPU; without it the app takes its WASM path, as on most tablets.
	const browser = await launchChromium({ webgpu: false });
	try {
		const context = await browser.newContext();
		// The classify screen needs a signed-in technician (the session cookie lands in this context).
		const signIn = await context.request.post(`${proxy.origin}/api/session`, { data: server.credentials });
		if (!signIn.ok()) throw new Error(`POST /api/session answered ${signIn.status()}: ${(await signIn.text()).slice(0, 200)}`);
		proxy.take();
		const page = await context.newPage();
		const modelVersion = page.getByTestId('model-version');
		// First visit: until the champion serves and the service worker has precached the app.
		await page.goto(`${proxy.origin}/`);
		await modelVersion.waitFor({ state: 'visible', timeout: 180_000 });
		await page.evaluate(async () => void (await navigator.serviceWorker.ready));
		await page.waitForLoadState('networkidle');
		const firstVisit = breakdown(proxy.take());
		log(
			`  app first visit: ${(firstVisit.total / 1e6).toFixed(2)} MB (gzip ${(firstVisit.totalGzip / 1e6).toFixed(2)} MB) in ${firstVisit.requests} requests (ORT wasm ${(firstVisit.ortWasm / 1e6).toFixed(2)} MB, models ${(firstVisit.models / 1e6).toFixed(2)} MB; ${firstVisit.encodings.join('/')})`
		);

		// Second visit, online: the service worker now controls the page and keeps its HTML
		// (it caches pages on controlled navigations), as after any earlier use of the app.
		await page.reload();
		await modelVersion.waitFor({ state: 'visible', timeout: 60_000 });
		await page.waitForLoadState('networkidle');
		const secondVisit = breakdown(proxy.take());
		log(`  app second visit (online, cached): ${(secondVisit.total / 1e3).toFixed(1)} KB in ${secondVisit.requests} requests`);

		let modelReady: ModelReadyReport | null = null;
		let modelReadyError: string | null = null;
		try {
			modelReady = await measureModelReady(page, modelVersion, coldStarts, bundle);
			for (const line of startOrderLines(modelReady)) log(`  app model ready (online load), ${line}`);
			log(`  typo index ${modelReady.typoIndex.speedup.toFixed(1)}x faster than the string map`);
		} catch (e) {
			modelReadyError = String((e as Error).message).split('\n')[0];
			log(`  app model ready failed: ${modelReadyError}`);
		}

		let coldStart: LatencySummary | null = null;
		let coldStartError: string | null = null;
		let offlineAttempts: string[] = [];
		try {
			await context.setOffline(true);
			proxy.setOffline(true);
			proxy.take();
			proxy.takeRefused();
			const times: number[] = [];
			for (let i = 0; i < coldStarts; i++) {
				const t0 = performance.now();
				await page.reload();
				await modelVersion.waitFor({ state: 'visible', timeout: 30_000 });
				await page.locator('#description').fill(SAMPLE);
				await page.getByRole('button', { name: 'Classify' }).click();
				await page.getByTestId('verdict').waitFor({ state: 'visible', timeout: 30_000 });
				times.push(performance.now() - t0);
			}
			coldStart = summarize(times);
			const leaked = proxy.take();
			if (leaked.length > 0)
				coldStartError = `${leaked.length} requests reached the server while offline: ${[...new Set(leaked.map((r) => r.url))].slice(0, 5).join(', ')}`;
			log(`  app offline cold start: p50 ${coldStart.p50.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
		} catch (e) {
			coldStartError = String((e as Error).message).split('\n')[0];
			log(`  app cold start failed: ${coldStartError}`);
		} finally {
			proxy.setOffline(false);
			await context.setOffline(false);
		}

		let update: AppReport['update'] = null;
		let updateError: string | null = null;
		try {
			await page.reload();
			await modelVersion.waitFor({ state: 'visible', timeout: 60_000 });
			await page.waitForLoadState('networkidle');
			proxy.take();
			const published = await publishUpdate(bundle, modelsDir);
			await page.getByRole('button', { name: 'Check for update' }).click();
			await page.waitForFunction(
				(v) => document.querySelector('[data-testid="model-version"]')?.textContent?.includes(v),
				published.version,
				{ timeout: 60_000 }
			);
			await page.waitForLoadState('networkidle');
			update = { ...breakdown(proxy.take()), version: published.version, onnxBytes: published.modelBytes };
			log(
				`  app model update: ${(update.models / 1e3).toFixed(1)} KB under /models (ONNX ${(published.modelBytes / 1e3).toFixed(1)} KB), ${(update.total / 1e3).toFixed(1)} KB in all`
			);
		} catch (e) {
			updateError = String((e as Error).message).split('\n')[0];
			log(`  app model update failed: ${updateError}`);
		}
		await context.close();
		return {
			buildDir,
			firstVisit,
			secondVisit,
			coldStart,
			coldStartError,
			modelReady,
			modelReadyError,
			offlineAttempts,
			update,
			updateError
		};
	} finally {
		await browser.close();
		await proxy.close();
		await server.stop();
		rmSync(tmp, { recursive: true, force: true });
	}
}
