/**
 * `npm run bench [-- --quick] [--only node,browser,server,app,training,monitoring,explain] [--train-full]`
 *
 * One run, every contender side by side: the champion as ONNX vs the same weights as
 * TF.js (Node and a Chromium worker), the product's browser worker end to end, the
 * featurizer, the server under load (SQLite and PostgreSQL), the built app's bytes and
 * offline cold start, and the training pipeline. Writes JSON + markdown:
 *   full:  bench/results/latest.{json,md} (committed)
 *   quick: bench/results/raw/quick-latest.{json,md}
 * and a timestamped copy of the JSON in bench/results/raw/ (git-ignored).
 * Everything listens on 127.0.0.1 only and stops by itself (bounded loops, time limits).
 * Never used to assert timings in tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureAppBuild } from './app/build-app.ts';
import { benchApp } from './app/run-app.ts';
import { benchBrowser, type BrowserPlan } from './browser/run-browser.ts';
import { benchTexts, loadBenchBundle, RAW_DIR, ROOT } from './lib/bundle.ts';
import { encodeBatches } from './lib/inputs.ts';
import { readTfjsSpec } from './lib/onnx-weights.ts';
import type { LoopOptions } from './lib/stats.ts';
import { systemInfo } from './lib/system-info.ts';
import { benchNodeFeaturizer } from './node/featurizer-node.ts';
import { benchNodeDocuments } from './node/documents-node.ts';
import { benchNodeModel } from './node/model-node.ts';
import { renderMarkdown } from './report/markdown.ts';
import { ON_REQUEST, SECTIONS, type BenchReport, type Section } from './report/report.ts';
import { carryOver } from './report/carry-over.ts';
import { benchMonitoring, type MonitoringPlan } from './monitoring/run-monitoring.ts';
import { judgeTargets } from './report/targets.ts';
import { benchServer, type ServerPlan } from './server/run-server.ts';
import { benchExplainFlood, type ExplainFloodPlan } from './server/explain-flood.ts';
import { benchTraining } from './training/run-training.ts';
import { findPostgresBin } from '#tests/support/postgres.ts';

const USAGE = `Usage: npm run bench -- [--quick] [--only SECTIONS] [--train-full]
  --quick        short loops, no training (< 2 min); results in bench/results/raw/quick-latest.{json,md}
  --only LIST    comma-separated subset of: ${SECTIONS.join(', ')}
  --train-full   train with the full configuration instead of --quick (adds ~10 min)
  --monitoring-events N   events bulk-loaded per engine by the monitoring section (default 1,000,000; quick 100,000)
  explain (on request): another key's latency while one floods POST /api/classify?explain=1 (40 s; quick 8 s)
  Sections run by default: all but ${ON_REQUEST.join(', ')} (ask with --only). A full run of some
  sections keeps the others of bench/results/latest.json (carried over, and said so).
  -h, --help     this text`;

interface Plan {
	nodeLoops: Record<number, LoopOptions>;
	featurizerLoop: LoopOptions;
	browser: BrowserPlan;
	server: ServerPlan;
	coldStarts: number;
	texts: number;
	monitoring: MonitoringPlan;
	explain: ExplainFloodPlan;
}

const PLANS: Record<'quick' | 'full', Plan> = {
	quick: {
		// Node contenders are interleaved: maxMs bounds all of them together.
		nodeLoops: { 1: { warmup: 20, runs: 300, maxMs: 2000 }, 256: { warmup: 1, runs: 15, maxMs: 2500, minRuns: 3 } },
		featurizerLoop: { warmup: 50, runs: 1000, maxMs: 1000 },
		browser: {
			loops: { 1: { warmup: 20, runs: 200, maxMs: 1000 }, 256: { warmup: 1, runs: 10, maxMs: 1500, minRuns: 2 } },
			// SwiftShader takes seconds per batch of 256: batch 1 only in a quick run.
			gpuLoops: { 1: { warmup: 5, runs: 50, maxMs: 1000 } },
			featurizerLoop: { warmup: 50, runs: 1000, maxMs: 1000 },
			endToEnd: { singleLoop: { warmup: 20, runs: 200, maxMs: 1500 }, bulkCount: 2000, variants: [{}] },
			documentPages: 50,
			jobTimeoutMs: 60_000
		},
		server: { durationS: 2, connections: 8, telemetryBatch: 50, classifyBatches: [1, 100] },
		coldStarts: 2,
		texts: 2000,
		monitoring: { events: 100_000, runs: 10, maxMs: 10_000, ingestDurationS: 3, connections: 8 },
		explain: { seconds: 8 }
	},
	full: {
		nodeLoops: { 1: { warmup: 100, runs: 3000, maxMs: 20_000 }, 256: { warmup: 5, runs: 100, maxMs: 40_000, minRuns: 10 } },
		featurizerLoop: { warmup: 200, runs: 10_000, maxMs: 5000 },
		browser: {
			loops: { 1: { warmup: 100, runs: 2000, maxMs: 8000 }, 256: { warmup: 3, runs: 60, maxMs: 12_000, minRuns: 5 } },
			gpuLoops: { 1: { warmup: 10, runs: 300, maxMs: 5000 }, 256: { warmup: 1, runs: 5, maxMs: 10_000, minRuns: 2 } },
			tfjsThreads: true,
			featurizerLoop: { warmup: 200, runs: 10_000, maxMs: 5000 },
			endToEnd: { singleLoop: { warmup: 100, runs: 2000, maxMs: 8000 }, bulkCount: 10_000, variants: [{}, { maxThreads: 1 }] },
			documentPages: 200,
			jobTimeoutMs: 180_000
		},
		server: { durationS: 10, connections: 8, telemetryBatch: 50, classifyBatches: [1, 100] },
		coldStarts: 5,
		texts: 10_000,
		monitoring: { events: 1_000_000, runs: 20, maxMs: 20_000, ingestDurationS: 10, connections: 8 },
		explain: { seconds: 40 }
	}
};

function parse(argv: string[]) {
	const { values } = parseArgs({
		args: argv,
		options: {
			quick: { type: 'boolean', default: false },
			only: { type: 'string' },
			'train-full': { type: 'boolean', default: false },
			'monitoring-events': { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false }
		},
		strict: true
	});
	if (values.help) return null;
	// A quick run skips training (20-30 s) unless asked for by name, to stay under 2 minutes.
	const only = values.only
		? values.only.split(',').map((s) => s.trim())
		: SECTIONS.filter((s) => !(values.quick && s === 'training') && !ON_REQUEST.includes(s));
	const unknown = only.filter((s) => !SECTIONS.includes(s as Section));
	if (unknown.length) throw new Error(`Unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
	const events = values['monitoring-events'];
	if (events !== undefined && !(Number.isInteger(Number(events)) && Number(events) > 0))
		throw new Error(`--monitoring-events must be a positive whole number, e.g. 1000000 (got "${events}")`);
	return {
		mode: values.quick ? ('quick' as const) : ('full' as const),
		sections: new Set(only as Section[]),
		trainFull: values['train-full'],
		monitoringEvents: values['monitoring-events'] ? Number(values['monitoring-events']) : null
	};
}

async function main(): Promise<number> {
	let args;
	try {
		args = parse(process.argv.slice(2));
	} catch (e) {
		console.error(`${(e as Error).message}\n${USAGE}`);
		return 2;
	}
	if (!args) {
		console.log(USAGE);
		return 0;
	}
	const started = performance.now();
	const plan = PLANS[args.mode];
	const log = (line: string) => console.log(line);
	const problems: string[] = [];
	const sectionSeconds: Record<string, number> = {};
	const attempt = async <T>(section: string, fn: () => Promise<T>): Promise<T | null> => {
		log(`\n## ${section}`);
		const t0 = performance.now();
		try {
			return await fn();
		} catch (e) {
			const message = `${section}: ${String((e as Error)?.message ?? e)
				.split('\n')
				.slice(0, 3)
				.join(' ')
				.slice(0, 400)}`;
			problems.push(message);
			log(`  FAILED ${message}`);
			return null;
		} finally {
			sectionSeconds[section] = Math.round((performance.now() - t0) / 100) / 10;
			log(`  (${sectionSeconds[section]} s)`);
		}
	};
	mkdirSync(RAW_DIR, { recursive: true });

	const system = systemInfo(findPostgresBin());
	log(`bench (${args.mode}): ${system.cpu}, ${system.cores} cores, load ${system.loadAverageStart.toFixed(1)}`);
	const bundle = await loadBenchBundle();
	if (bundle.source === 'tiny-fixture')
		problems.push(
			'No champion in models/registry.json: measured a tiny fixture with the default architecture (random weights, 30-word vocabulary).'
		);
	const spec = readTfjsSpec(bundle.modelBytes);
	const texts = benchTexts(plan.texts);
	log(`model ${bundle.version} (${bundle.source}), ${texts.length} descriptions`);

	const node = args.sections.has('node')
		? await attempt('Node: ONNX vs TF.js, featurizer', async () => ({
				model: await benchNodeModel(bundle, texts, { loops: plan.nodeLoops }, log),
				featurizer: await benchNodeFeaturizer(bundle, texts, plan.featurizerLoop)
			}))
		: null;
	const documents = args.sections.has('node') ? await attempt('Node: document scanning', () => benchNodeDocuments(bundle)) : null;

	const browser = args.sections.has('browser')
		? await attempt('Browser: ONNX vs TF.js in a worker, end to end', async () => {
				const ort = await import('onnxruntime-node');
				const session = await ort.InferenceSession.create(bundle.modelBytes);
				const x = encodeBatches(texts, bundle.vocabulary, 256, 1)[0];
				const out = await session.run({
					features: new ort.Tensor('float32', x.features, [x.batch, x.tokens, x.dim]),
					mask: new ort.Tensor('float32', x.mask, [x.batch, x.tokens])
				});
				const reference = out[session.outputNames[0]].data as Float32Array;
				await session.release();
				return benchBrowser(bundle, spec, texts, reference, plan.browser, log);
			})
		: null;

	const needsBuild = ['server', 'app', 'monitoring', 'explain'].some((s) => args.sections.has(s as Section));
	const appBuild = needsBuild ? await attempt('App build', () => ensureAppBuild(args.mode === 'full', log)) : null;
	if (appBuild?.note) problems.push(`App build: ${appBuild.note}`);
	const server =
		args.sections.has('server') && appBuild
			? await attempt('Server: telemetry and classify under load', () =>
					benchServer(appBuild.dir, bundle.modelsDir, texts, plan.server, log)
				)
			: null;
	if (server?.errors.length) problems.push(...server.errors.map((e) => `Server: ${e}`));
	const app =
		args.sections.has('app') && appBuild
			? await attempt('Built app: bytes, offline cold start, model update', () => benchApp(bundle, appBuild.dir, plan.coldStarts, log))
			: null;
	const monitoringPlan = { ...plan.monitoring, events: args.monitoringEvents ?? plan.monitoring.events };
	const monitoring =
		args.sections.has('monitoring') && appBuild
			? await attempt(`Monitoring: ${monitoringPlan.events.toLocaleString('en')} events, summary and ingestion`, () =>
					benchMonitoring(appBuild.dir, bundle.modelsDir, monitoringPlan, log)
				)
			: null;
	if (monitoring?.errors.length) problems.push(...monitoring.errors.map((e) => `Monitoring: ${e}`));
	const explain =
		args.sections.has('explain') && appBuild
			? await attempt('Explain limits under a flood', () => benchExplainFlood(appBuild.dir, bundle.modelsDir, plan.explain, log))
			: null;
	const trainMode = args.trainFull ? 'full' : 'quick';
	const training = args.sections.has('training')
		? await attempt(`Training (${trainMode})`, () => benchTraining(trainMode, trainMode === 'full' ? 1_800_000 : 300_000, log))
		: null;
	if (training && training.exitCode !== 0)
		problems.push(`Training exited with ${training.exitCode}: ${training.error?.split('\n').pop() ?? ''}`);
	if (!args.sections.has('training') && args.mode === 'quick')
		problems.push('Training skipped in --quick (add `--only training` to run it).');
	if (args.sections.has('training') && !args.trainFull)
		problems.push(
			'Training ran with --quick only (full training takes longer than the whole benchmark budget; run `npm run bench -- --only training --train-full`).'
		);

	system.loadAverageEnd = os.loadavg()[0];
	const parameters = spec.layers.reduce((n, l) => n + l.tensors.reduce((m, t) => m + t.values.length, 0), 0);
	const fresh: Omit<BenchReport, 'targets'> = {
		schemaVersion: 1,
		mode: args.mode,
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		seconds: (performance.now() - started) / 1000,
		sectionSeconds,
		system,
		model: {
			version: bundle.version,
			source: bundle.source,
			architecture: bundle.manifest.architecture,
			onnxBytes: bundle.modelBytes.length,
			vocabularyBytes: bundle.vocabBytes.length,
			parameters
		},
		appBuild,
		node,
		documents,
		browser,
		server,
		app,
		training,
		monitoring,
		explain,
		problems
	};
	const latestJson = path.join(ROOT, 'bench/results/latest.json');
	const partial = args.mode === 'full' ? carryOver(fresh, args.sections, latestJson) : fresh;
	const report: BenchReport = { ...partial, targets: judgeTargets(partial) };
	const json = JSON.stringify(report, null, '\t') + '\n';
	const stamp = system.date.replace(/[:.]/g, '-');
	writeFileSync(path.join(RAW_DIR, `${stamp}-${args.mode}.json`), json);
	const [jsonFile, mdFile] =
		args.mode === 'full'
			? [path.join(ROOT, 'bench/results/latest.json'), path.join(ROOT, 'bench/results/latest.md')]
			: [path.join(RAW_DIR, 'quick-latest.json'), path.join(RAW_DIR, 'quick-latest.md')];
	writeFileSync(jsonFile, json);
	writeFileSync(mdFile, renderMarkdown(report));
	log(`\nTargets:`);
	for (const t of report.targets) log(`  ${t.met === null ? '-' : t.met ? 'met   ' : 'MISSED'} ${t.what}: ${t.measured}`);
	log(`\nWrote ${path.relative(ROOT, jsonFile)} and ${path.relative(ROOT, mdFile)} in ${Math.round(report.seconds)} s.`);
	return 0;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(e);
		process.exit(1);
	}
);
