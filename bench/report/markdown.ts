/** bench/results/latest.md: the headline table first, then every section's numbers. */
import type { ModelResult } from '../lib/contenders.ts';
import { monitoringMarkdown } from '../monitoring/targets.ts';
import { explainFloodMarkdown } from '../server/explain-flood-report.ts';
import { modelReadyMarkdown } from '../app/cold-start.ts';
import { speedup } from '../lib/stats.ts';
import type { BenchReport } from './report.ts';
import { label } from './targets.ts';

const f3 = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3)) : 'n/a');
const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en') : 'n/a');
const ratio = (v: number) => (Number.isFinite(v) ? `${v >= 0.1 ? v.toFixed(1) : v.toPrecision(1)}x` : 'n/a');
const mark = (met: boolean | null) => (met === null ? '—' : met ? 'met' : '**missed**');

function table(header: string[], rows: string[][]): string {
	return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function modelTable(results: readonly ModelResult[], baseline: (batch: number) => ModelResult | undefined): string {
	return table(
		['contender', 'batch', 'p50 ms', 'p99 ms', 'descriptions/s', 'runs', 'vs TF.js (p50)'],
		results.map((r) => [
			label(r),
			String(r.batch),
			f3(r.p50),
			f3(r.p99),
			int(r.perSecond),
			String(r.runs),
			r.runtime === 'tfjs' ? '—' : ratio(speedup(baseline(r.batch)?.p50, r.p50))
		])
	);
}

export function renderMarkdown(r: BenchReport): string {
	const s = r.system;
	const out: string[] = [];
	out.push(`# Benchmark results (${r.mode})`);
	out.push('');
	out.push(`${s.date.slice(0, 16).replace('T', ' ')} UTC · \`${r.command}\` · ${Math.round(r.seconds)} s`);
	out.push('');
	out.push(
		`Machine: ${s.cpu}, ${s.cores} cores, ${s.memoryGb} GB RAM, ${s.os}; load average ${s.loadAverageStart.toFixed(1)} at start, ${s.loadAverageEnd?.toFixed(1) ?? '?'} at end (shared machine: absolute numbers are pessimistic, ratios are measured in the same run).`
	);
	out.push(
		`Versions: Node ${s.versions.node}, onnxruntime-node ${s.versions.onnxruntimeNode}, onnxruntime-web ${s.versions.onnxruntimeWeb}, TF.js ${s.versions.tfjs} (wasm backend ${s.versions.tfjsBackendWasm}), Chromium ${s.versions.chromium}, autocannon ${s.versions.autocannon}, PostgreSQL ${s.versions.postgres ?? 'n/a'}.`
	);
	out.push(
		`Model: ${r.model.version} (${r.model.source === 'champion' ? 'the champion in models/' : '**tiny fixture: no champion was committed yet**'}), ${r.model.architecture}, ${int(r.model.parameters)} parameters, ONNX ${(r.model.onnxBytes / 1000).toFixed(1)} KB, vocabulary ${(r.model.vocabularyBytes / 1e6).toFixed(2)} MB.`
	);
	out.push('');
	out.push('## Targets');
	out.push('');
	out.push(
		table(
			['target', 'goal', 'measured', 'status', 'what limits it'],
			r.targets.map((t) => [t.what, t.goal, t.measured, mark(t.met), t.note])
		)
	);
	out.push('');

	if (r.node) {
		const n = r.node.model;
		out.push('## ONNX vs TF.js in Node (model only)');
		out.push('');
		out.push(
			`The same weights: the TF.js model is rebuilt from the champion's ONNX initializers with the training code's architecture. Parity before timing (max |p - p_onnxruntime-node 1t| on 1,024 descriptions): ${n.parity.map((p) => `${label(p)} ${p.maxAbsDiff.toExponential(1)}`).join(', ')}. TF.js backend: ${n.tfjsBackend}. Inputs are pre-featurized; each call creates the input tensors and reads the output back. Contenders are timed round-robin (one call each per round), so load changes on the shared machine hit all of them alike.`
		);
		out.push('');
		out.push(modelTable(n.results, (b) => n.results.find((x) => x.runtime === 'tfjs' && x.batch === b)));
		out.push('');
	}
	if (r.browser) {
		const b = r.browser;
		const tfBest = (batch: number) => b.results.filter((x) => x.runtime === 'tfjs' && x.batch === batch).sort((p, q) => p.p50 - q.p50)[0];
		out.push('## ONNX vs TF.js in the browser (Chromium, inside a worker, model only)');
		out.push('');
		out.push(
			`Chromium ${b.chromium}, cross-origin isolated: ${b.crossOriginIsolated}, hardwareConcurrency ${b.hardwareConcurrency}. One worker per contender, one contender after the other (a runtime's thread count is fixed per worker), timed inside the worker. "vs TF.js" compares with the fastest TF.js backend at that batch.`
		);
		out.push('');
		out.push(modelTable(b.results, tfBest));
		out.push('');
		out.push(
			table(
				['contender', 'device / note', 'parity vs onnxruntime-node', 'status'],
				b.contenders.map((c) => [
					label(c),
					c.note || '',
					c.maxAbsDiff === null ? '' : c.maxAbsDiff.toExponential(1),
					c.error ? `did not run: ${c.error}` : 'ok'
				])
			)
		);
		out.push('');
		if (b.endToEnd) {
			const e = b.endToEnd;
			out.push("## End to end in the browser (the product's inference worker)");
			out.push('');
			out.push(
				`client.ts -> comlink -> worker.ts (featurizer + onnxruntime-web ${e.backend}, ${e.threads} threads + verdict + telemetry event), timed on the page. Start + load (download, verify, session, self-test): ${f3(e.loadMs)} ms.`
			);
			out.push('');
			const rows = [e, ...b.endToEndVariants].flatMap((v, i) => [
				[
					`one description per classify()${i ? ` (${v.threads} thread${v.threads === 1 ? '' : 's'})` : ` (product default: ${v.threads} threads)`}`,
					`${f3(v.single.p50)} ms`,
					`${f3(v.single.p99)} ms`,
					String(v.single.runs)
				],
				[
					`bulk classify() of ${int(v.bulkCount)}${i ? ` (${v.threads} thread${v.threads === 1 ? '' : 's'})` : ''}`,
					`${f3(v.bulkMs)} ms total`,
					`${f3(v.bulkMs / v.bulkCount)} ms each`,
					'1'
				]
			]);
			out.push(table(['measure', 'p50', 'p99', 'runs'], rows));
			out.push('');
		}
	}
	const docs = r.documents;
	if (docs) {
		out.push('## Document scanning (Node, `npm run classify -- --input spec.txt`)');
		out.push('');
		out.push(
			`A generated ${docs.pages}-page text specification, ${docs.passages} passages: ${docs.pagesPerSecond.toFixed(1)} pages/s (${(docs.extractSeconds + docs.classifySeconds).toFixed(2)} s); extraction and segmentation ${(docs.extractionShare * 100).toFixed(0)}% (${docs.extractSeconds.toFixed(2)} s), classification the rest (onnxruntime-node, 1 thread).`
		);
		out.push('');
	}
	const bdocs = r.browser?.documents;
	if (bdocs || r.browser?.documentsError) {
		out.push("## Document scanning (browser: the PWA's document worker, then its inference worker)");
		out.push('');
		out.push(
			bdocs
				? `A generated ${bdocs.pages}-page text PDF printed by Chromium (${(bdocs.bytes / 1024).toFixed(0)} KB), ${bdocs.passages} passages: ${bdocs.pagesPerSecond.toFixed(1)} pages/s (${((bdocs.extractMs + bdocs.classifyMs) / 1000).toFixed(2)} s); extraction (pdf.js, layout, segmentation) ${(bdocs.extractionShare * 100).toFixed(0)}% (${(bdocs.extractMs / 1000).toFixed(2)} s), classification ${(bdocs.classifyMs / 1000).toFixed(2)} s (${bdocs.backend}, ${bdocs.threads} thread${bdocs.threads === 1 ? '' : 's'}); model load before it ${(bdocs.loadMs / 1000).toFixed(2)} s.`
				: `Did not run: ${r.browser?.documentsError}`
		);
		out.push('');
	}
	const nf = r.node?.featurizer;
	const bf = r.browser?.featurizer;
	if (nf || bf) {
		out.push('## Featurizer (tokenize, years, vocabulary lookup with typo correction, encode)');
		out.push('');
		const rows: string[][] = [];
		if (nf)
			rows.push([
				'Node',
				f3(nf.featurizer.single.p50),
				f3(nf.featurizer.single.p99),
				f3(nf.featurizer.bulkPerDescriptionMs),
				`${(nf.featurizerShare * 100).toFixed(0)}% of Classifier.classify() p50 ${f3(nf.classifySingle.p50)} ms (onnxruntime-node 1t)`
			]);
		if (bf) {
			const e = r.browser?.endToEnd;
			rows.push([
				'Browser worker',
				f3(bf.single.p50),
				f3(bf.single.p99),
				f3(bf.bulkPerDescriptionMs),
				e
					? `${((bf.single.p50 / e.single.p50) * 100).toFixed(0)}% of end-to-end p50 ${f3(e.single.p50)} ms; bulk: ${((bf.bulkPerDescriptionMs / (e.bulkMs / e.bulkCount)) * 100).toFixed(0)}%`
					: ''
			]);
		}
		out.push(table(['where', 'one description p50 ms', 'p99 ms', 'bulk ms / description', 'share of end to end'], rows));
		out.push('');
	}
	if (r.server) {
		out.push('## Server (server.js + built app, autocannon on 127.0.0.1)');
		out.push('');
		out.push(
			'Load generator and server share the same cores. Telemetry: every event has a fresh id (no duplicates). Classify stores one telemetry event per description, as in production. "server CPU" is the server.js process alone (not PostgreSQL\'s processes) in % of one core: near 100% means its event loop is the limit, far below means it was starved by other processes.'
		);
		out.push('');
		out.push(
			table(
				['endpoint', 'database', 'connections', 'requests/s', 'items/s', 'p50 ms', 'p99 ms', 'non-2xx', 'stored', 'server CPU'],
				r.server.results.map((x) => [
					x.name,
					x.database,
					String(x.connections),
					int(x.requestsPerSecond),
					int(x.itemsPerSecond),
					String(x.latencyP50),
					String(x.latencyP99),
					String(x.non2xx + x.errors),
					x.storedEvents === null ? '' : int(x.storedEvents),
					x.serverCpuPercent === null ? '' : `${x.serverCpuPercent}%`
				])
			)
		);
		out.push('');
	}
	if (r.app) {
		const a = r.app;
		const mb = (v: number) => `${(v / 1e6).toFixed(2)} MB`;
		out.push('## Built app (bytes on the wire, offline cold start)');
		out.push('');
		out.push(
			`Counted by a loopback proxy in front of server.js (sees the page, its workers and the service worker). "gzip" = what the same responses weigh gzip-compressed (level 6); this server sent them ${a.firstVisit.encodings.join('/') || 'identity'}. Build: ${r.appBuild?.state ?? '?'}${r.appBuild?.note ? ` (${r.appBuild.note})` : ''}.`
		);
		out.push('');
		const rows = [
			['first visit', a.firstVisit],
			['second visit (online, cached)', a.secondVisit],
			...(a.update ? [[`model update to ${a.update.version}`, a.update] as const] : [])
		] as const;
		out.push(
			table(
				['visit', 'requests', 'total', 'gzip', 'ORT wasm', 'models', 'app'],
				rows.map(([name, b]) => [name, String(b.requests), mb(b.total), mb(b.totalGzip), mb(b.ortWasm), mb(b.models), mb(b.app)])
			)
		);
		out.push('');
		out.push(`Largest first-visit responses: ${a.firstVisit.largest.map((l) => `${l.url} ${mb(l.bytes)}`).join(', ')}.`);
		if (a.coldStart)
			out.push(
				`Offline cold start (network cut at the proxy and in Chromium; reload -> first verdict on screen, timed from Node including Playwright's typing and click): p50 ${f3(a.coldStart.p50)} ms, min ${f3(a.coldStart.min)}, max ${f3(a.coldStart.max)} over ${a.coldStart.runs} reloads. Requests that failed while offline, as expected: ${a.offlineAttempts.join(', ') || 'none'}.`
			);
		out.push('');
		out.push(...modelReadyMarkdown(a.modelReady));
	}
	if (r.training) {
		const t = r.training;
		out.push(`## Training (\`${t.command}\`)`);
		out.push('');
		out.push(
			`Wall time ${f3(t.wallSeconds)} s (process start to exit), peak RSS ${int(t.peakRssMb)} MB, exit code ${t.exitCode}. Per stage (times from the pipeline's own log; memory sampled every 100 ms):`
		);
		out.push('');
		out.push(
			table(
				['stage', 'seconds', 'peak RSS MB'],
				t.stages.map((x) => [x.stage, x.seconds.toFixed(1), int(x.peakRssMb)])
			)
		);
		out.push('');
		if (t.error) out.push(`Failed: \`${t.error.replace(/\n/g, ' ').slice(0, 300)}\``);
	}
	out.push(...monitoringMarkdown(r, table));
	out.push(...explainFloodMarkdown(r.explain, table));
	if (r.problems.length) {
		out.push('## Problems in this run');
		out.push('');
		for (const p of r.problems) out.push(`- ${p}`);
		out.push('');
	}
	out.push('## Reproduce');
	out.push('');
	out.push(
		'`npm run bench` (full, 3-7 min depending on machine load; writes bench/results/latest.{json,md}) or `npm run bench -- --quick` (< 2 min; writes bench/results/raw/quick-latest.{json,md}). `--only node,browser,server,app,training,monitoring,explain` runs a subset (monitoring and explain only when asked for; `--monitoring-events N`). Raw per-run JSON: bench/results/raw/ (git-ignored).'
	);
	out.push('');
	return out.join('\n');
}
