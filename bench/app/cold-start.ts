/**
 * Cold start to "model ready" (issue 13): online loads of the classify screen with
 * everything cached, timed in the browser from navigation start to the worker's
 * `model-load:ready` mark (src/lib/inference/load-marks.ts), with each step of the load
 * path from the page's and the worker's marks. Side by side in the same run, interleaved:
 * - the start order: the app as it starts now (worker spawned as the page boots,
 *   onnxruntime warmed up in parallel with the model's checks) and `?start=sequential`
 *   (the order before: model after the session check and IndexedDB reads, no warm-up);
 * - the typo index (built during the model's self-test) as the string map it was and as
 *   the hashed index it is.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page, Worker } from 'playwright-core';
import { TypoIndex } from '#lib/text/typo-index.ts';
import { Vocabulary } from '#lib/text/vocabulary.ts';
import type { BenchBundle } from '../lib/bundle.ts';
import { summarize, type LatencySummary } from '../lib/stats.ts';
import type { TargetResult } from '../report/report.ts';

const PREFIX = 'model-load:';

/** One start order's loads. */
export interface StartOrderReport {
	/** Navigation start -> the worker's `ready` mark (ms), per load. */
	ready: LatencySummary;
	/** Navigation start -> the model version on screen, timed from Node (includes Playwright). */
	onScreen: LatencySummary;
	/** p50 of each step (ms since the previous mark), in load order, up to the page's `status` mark after `ready`. */
	steps: { step: string; p50: number }[];
	/** The onnxruntime warm-up, in parallel with the steps: p50 ms since navigation start of its start and end. */
	warmUp: { start: number; done: number } | null;
}

export interface ModelReadyReport extends StartOrderReport {
	/** The same loads with `?start=sequential` (the start order before issue 13's work), interleaved. */
	sequential: StartOrderReport | null;
	/** Typo index build in Node, same run: the string map it replaced vs the hashed index (p50 ms). */
	typoIndex: { stringMap: LatencySummary; hashed: LatencySummary; speedup: number };
}

type Mark = [name: string, at: number];

const marksOf = (ctx: Pick<Page, 'evaluate'>) =>
	ctx.evaluate((prefix) => {
		const origin = performance.timeOrigin;
		return performance
			.getEntriesByType('mark')
			.filter((m) => m.name.startsWith(prefix))
			.map((m) => [m.name.slice(prefix.length), origin + m.startTime] as [string, number]);
	}, PREFIX);

/** `promise`, or null after `ms` (a WASM thread blocked in Atomics.wait never answers an evaluate). */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | null> =>
	Promise.race([promise.catch(() => null), new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref())]);

/** The page's inference worker (it exposes `self.inferenceApi`), not onnxruntime's thread workers. */
async function inferenceWorker(page: Page): Promise<Worker> {
	for (const w of page.workers()) {
		if (
			await within(
				w.evaluate(() => 'inferenceApi' in self),
				2000
			)
		)
			return w;
	}
	throw new Error(`no inference worker among the page's ${page.workers().length} workers after reload`);
}

/** The index typo-index.ts replaced (one Map entry per deletion string), for the side-by-side. */
function stringMapIndex(words: readonly string[]): Map<string, number[]> {
	const map = new Map<string, number[]>();
	words.forEach((w, i) => {
		if (w.length < 3 || !/^\p{L}+$/u.test(w)) return;
		const deletions = new Set<string>();
		for (let k = 0; k < w.length; k++) deletions.add(w.slice(0, k) + w.slice(k + 1));
		for (const d of deletions) {
			const list = map.get(d);
			if (list) list.push(i);
			else map.set(d, [i]);
		}
	});
	return map;
}

function typoIndexSideBySide(bundle: BenchBundle, rounds = 7): ModelReadyReport['typoIndex'] {
	const vocabulary = Vocabulary.decode(readFileSync(path.join(bundle.modelsDir, bundle.manifest.files.vocabulary.path)));
	const old: number[] = [];
	const hashed: number[] = [];
	// Interleaved, so load drift hits both alike.
	for (let r = 0; r < rounds; r++) {
		let t0 = performance.now();
		stringMapIndex(vocabulary.words);
		old.push(performance.now() - t0);
		t0 = performance.now();
		new TypoIndex(vocabulary.words);
		hashed.push(performance.now() - t0);
	}
	const a = summarize(old);
	const b = summarize(hashed);
	return { stringMap: a, hashed: b, speedup: a.p50 / b.p50 };
}

const WARM = 'warm-';

class StartOrderSamples {
	readonly ready: number[] = [];
	readonly onScreen: number[] = [];
	readonly steps = new Map<string, number[]>();
	readonly warmStart: number[] = [];
	readonly warmDone: number[] = [];

	add(name: string, ms: number, into: Map<string, number[]> = this.steps): void {
		into.set(name, [...(into.get(name) ?? []), ms]);
	}

	report(): StartOrderReport {
		const p50 = (xs: number[]) => summarize(xs).p50;
		return {
			ready: summarize(this.ready),
			onScreen: summarize(this.onScreen),
			steps: [...this.steps].map(([step, times]) => ({ step, p50: p50(times) })),
			warmUp: this.warmDone.length > 0 ? { start: p50(this.warmStart), done: p50(this.warmDone) } : null
		};
	}
}

/** Load `url` once, wait for `modelVersion`, and record its marks into `into`. */
async function measureOnce(page: Page, url: string, modelVersion: Locator, into: StartOrderSamples): Promise<void> {
	await page.goto(url);
	await modelVersion.waitFor({ state: 'visible', timeout: 60_000 });
	const shownAt = Date.now();
	const navigationStart = await page.evaluate(() => performance.timeOrigin);
	const worker = await inferenceWorker(page);
	const workerMarks = await within(marksOf(worker), 10_000);
	if (!workerMarks) throw new Error('the inference worker did not answer within 10 s');
	const marks: Mark[] = [...(await marksOf(page)), ...workerMarks].sort((a, b) => a[1] - b[1]);
	const done = marks.find(([name]) => name === 'ready');
	if (!done) throw new Error(`the worker set no ${PREFIX}ready mark (marks: ${marks.map(([n]) => n).join(', ')})`);
	into.ready.push(done[1] - navigationStart);
	into.onScreen.push(shownAt - navigationStart);
	let previous = navigationStart;
	let ready = false;
	for (const [name, at] of marks) {
		if (name.startsWith(WARM)) {
			// The warm-up runs beside the load path: timed from navigation start, not as a step.
			(name === 'warm-start' ? into.warmStart : into.warmDone).push(at - navigationStart);
			continue;
		}
		if (ready && name !== 'status') continue;
		into.add(name, at - previous);
		previous = at;
		if (name === 'ready') ready = true;
		else if (name === 'status') break;
	}
}

/**
 * `loads` online loads of the classify screen (signed in, model cached) until
 * `modelVersion` shows, the current start order and `?start=sequential` interleaved so
 * the machine's load hits both alike; one unmeasured load of each first.
 */
export async function measureModelReady(page: Page, modelVersion: Locator, loads: number, bundle: BenchBundle): Promise<ModelReadyReport> {
	const origin = new URL(page.url()).origin;
	const now = new StartOrderSamples();
	const before = new StartOrderSamples();
	await measureOnce(page, `${origin}/?start=sequential`, modelVersion, new StartOrderSamples());
	await measureOnce(page, `${origin}/`, modelVersion, new StartOrderSamples());
	for (let i = 0; i < loads; i++) {
		await measureOnce(page, `${origin}/?start=sequential`, modelVersion, before);
		await measureOnce(page, `${origin}/`, modelVersion, now);
	}
	return { ...now.report(), sequential: before.report(), typoIndex: typoIndexSideBySide(bundle) };
}

export const MODEL_READY_TARGET = {
	id: 'cold-start-model-ready',
	what: 'Online reload (everything cached) to model ready: navigation start to the worker ready (p50)',
	goal: '<= 1 s',
	limit: 1000,
	whyMissed: 'the slowest steps (p50): {slowest}; load average {load} on {cores} cores'
} as const;

export function modelReadyTarget(m: ModelReadyReport | null | undefined, load: number, cores: number, error: string | null): TargetResult {
	const t = MODEL_READY_TARGET;
	if (!m) return { id: t.id, what: t.what, goal: t.goal, measured: 'not measured', met: null, note: error ?? 'app section did not run' };
	const met = m.ready.p50 <= t.limit;
	const slowest = [...m.steps]
		.sort((a, b) => b.p50 - a.p50)
		.slice(0, 3)
		.map((s) => `${s.step} ${Math.round(s.p50)} ms`)
		.join(', ');
	return {
		id: t.id,
		what: t.what,
		goal: t.goal,
		measured: `${Math.round(m.ready.p50)} ms (max ${Math.round(m.ready.max)}, ${m.ready.runs} reloads; on screen ${Math.round(m.onScreen.p50)} ms)`,
		met,
		note: `${m.sequential ? `the sequential start order before, same run: ${Math.round(m.sequential.ready.p50)} ms; ` : ''}typo index build ${m.typoIndex.hashed.p50.toFixed(0)} ms vs ${m.typoIndex.stringMap.p50.toFixed(0)} ms as a string map (${m.typoIndex.speedup.toFixed(1)}x, same run)${met ? '' : `; ${t.whyMissed.replace('{slowest}', slowest).replace('{load}', load.toFixed(1)).replace('{cores}', String(cores))}`}`
	};
}

const stepsText = (r: StartOrderReport) =>
	`${r.steps.map((s) => `${s.step} ${Math.round(s.p50)}`).join(', ')}${r.warmUp ? `; onnxruntime warm-up beside them from ${Math.round(r.warmUp.start)} to ${Math.round(r.warmUp.done)} ms` : ''}`;

/** One line per start order, for the log and latest.md. */
export function startOrderLines(m: ModelReadyReport): string[] {
	const line = (name: string, r: StartOrderReport) =>
		`${name}: p50 ${Math.round(r.ready.p50)} ms (min ${Math.round(r.ready.min)}, max ${Math.round(r.ready.max)}, ${r.ready.runs} loads; on screen ${Math.round(r.onScreen.p50)} ms). Steps (p50 ms since the previous mark): ${stepsText(r)}.`;
	return [line('Now', m), ...(m.sequential ? [line('Sequential start (`?start=sequential`, the order before)', m.sequential)] : [])];
}

/** Lines for latest.md's app section. */
export function modelReadyMarkdown(m: ModelReadyReport | null | undefined): string[] {
	if (!m) return [];
	return [
		`Online cold start to model ready (load with everything cached; navigation start -> the worker's \`model-load:ready\` mark; \`status\` is the page's mark once it knows the model that serves), two start orders interleaved in the same run:`,
		'',
		...startOrderLines(m).map((l) => `- ${l}`),
		'',
		`Typo index build (Node, same run, interleaved): string map ${m.typoIndex.stringMap.p50.toFixed(1)} ms vs hashed ${m.typoIndex.hashed.p50.toFixed(1)} ms (${m.typoIndex.speedup.toFixed(1)}x).`,
		''
	];
}
