import { describe, expect, it } from 'vitest';
import type { ModelResult } from '../lib/contenders.ts';
import type { BenchReport } from './report.ts';
import { judgeTargets } from './targets.ts';

function result(runtime: string, backend: string, threads: number, batch: number, p50: number): ModelResult {
	return {
		runtime,
		backend,
		threads,
		batch,
		p50,
		p99: p50 * 2,
		mean: p50,
		min: p50,
		max: p50 * 3,
		runs: 100,
		perSecond: (batch * 1000) / p50
	};
}

function report(nodeResults: ModelResult[]): Omit<BenchReport, 'targets'> {
	return {
		schemaVersion: 1,
		mode: 'quick',
		command: 'npm run bench -- --quick',
		seconds: 1,
		sectionSeconds: {},
		system: {
			date: '2026-11-24T03:00:00.000Z',
			cpu: 'test',
			cores: 2,
			memoryGb: 1,
			os: 'test',
			loadAverageStart: 1,
			loadAverageEnd: 1,
			versions: {
				node: '22',
				onnxruntimeNode: '1.30.0',
				onnxruntimeWeb: '1.30.0',
				tfjs: '4.22.0',
				tfjsBackendWasm: '4.22.0',
				chromium: '156',
				autocannon: '9',
				postgres: null
			}
		},
		model: { version: 'v1', source: 'champion', architecture: 'conv', onnxBytes: 1, vocabularyBytes: 1, parameters: 1 },
		appBuild: null,
		node: { model: { tfjsBackend: 'wasm', parity: [], results: nodeResults }, featurizer: null as never },
		browser: null,
		server: null,
		app: null,
		training: null,
		problems: []
	};
}

describe('judgeTargets', () => {
	it('compares TF.js with single-threaded onnxruntime-node at each batch size', () => {
		const targets = judgeTargets(
			report([
				result('tfjs', 'wasm', 1, 1, 0.6),
				result('onnxruntime-node', 'cpu', 1, 1, 0.1),
				// A faster multi-threaded run must not be the one compared.
				result('onnxruntime-node', 'cpu', 2, 1, 0.01),
				result('tfjs', 'wasm', 1, 256, 100),
				result('onnxruntime-node', 'cpu', 1, 256, 20)
			])
		);
		const b1 = targets.find((t) => t.id === 'node-b1');
		const b256 = targets.find((t) => t.id === 'node-b256');
		expect(b1?.met).toBe(true);
		expect(b1?.measured).toMatch(/^6\.0x/);
		expect(b256?.met).toBe(false);
		expect(b256?.measured).toMatch(/^5\.0x/);
		expect(b256?.note).not.toBe('');
	});

	it('reports targets whose section did not run as not measured, not as met or missed', () => {
		const targets = judgeTargets(report([]));
		for (const id of ['node-b1', 'browser-b1', 'e2e-p50', 'cold-start', 'update-bytes', 'telemetry-sqlite']) {
			const t = targets.find((x) => x.id === id);
			expect(t?.met, id).toBeNull();
			expect(t?.measured, id).toBe('not measured');
		}
	});
});
