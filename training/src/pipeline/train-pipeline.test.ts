import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/lib/bundle/manifest.ts';
import { loadNodeClassifier } from '../../../src/lib/inference/load-node.ts';
import { readRegistry } from '../../../src/lib/registry/registry.ts';
import { silentProgress } from '../model/progress.ts';
import { makeConfig } from './config.ts';
import { runTraining, type TrainRunResult } from './train-pipeline.ts';

let modelsDir: string;
let first: TrainRunResult;
const lines: string[] = [];

beforeAll(async () => {
	modelsDir = await mkdtemp(path.join(tmpdir(), 'train-quick-'));
	first = await runTraining(makeConfig({ quick: true, modelsDir }), (l) => lines.push(l), silentProgress);
}, 120_000);

afterAll(async () => {
	await rm(modelsDir, { recursive: true, force: true });
});

describe('npm run train --quick', () => {
	it('writes a bundle whose manifest the app accepts, and registers it as champion', async () => {
		const manifest = parseManifest(JSON.parse(await readFile(path.join(first.dir, 'manifest.json'), 'utf8')));
		expect(manifest.version).toMatch(/^\d{8}-\d{6}-[0-9a-f]{6}$/);
		expect(manifest.files.model.path).toBe(`${manifest.version}/model.onnx`);
		expect(manifest.files.vocabulary.path).toMatch(/^vocab\/[0-9a-f]{16}\.bin$/);
		expect(manifest.lineage.parity.samples).toBeGreaterThanOrEqual(1000);
		expect(manifest.lineage.parity.labelChanges).toBe(0);
		expect(manifest.golden.length).toBeGreaterThanOrEqual(8);
		expect(new Set(manifest.golden.map((g) => g.label)).size).toBe(2);
		expect(manifest.lineage.dataSource).toBe('synthetic:seed=1');
		const registry = await readRegistry({ modelsDir });
		expect(registry.aliases.champion).toBe(manifest.version);
		expect(first.status).toBe('champion');
		expect(await readFile(path.join(first.dir, 'report.md'), 'utf8')).toContain('held-out shapes');
	});

	it('logs every stage with its duration', () => {
		for (const stage of ['generate', 'split', 'vocabulary', 'featurize', 'train', 'evaluate', 'export', 'parity', 'bundle', 'register']) {
			expect(lines.some((l) => l.startsWith(`  ${stage} done in `))).toBe(true);
		}
	});

	it('produces a bundle the Node classifier loads and self-tests (golden examples reproduce)', async () => {
		const classifier = await loadNodeClassifier({ modelsDir });
		const check = await classifier.selfTest();
		expect(check.examples).toBe(first.manifest.golden.length);
		expect(check.maxAbsDiff).toBeLessThan(1e-5);
	});

	it('registers a second model without taking over the champion, and trains on a customer CSV', async () => {
		const csv = path.join(modelsDir, 'customer.csv');
		const rows = ['text,label'];
		for (let i = 0; i < 400; i++) rows.push(`"widget ${i % 2 === 0 ? 'blue' : 'red'} lot ${i}",${i % 2 === 0 ? 0 : 1}`);
		await writeFile(csv, rows.join('\n'));
		const second = await runTraining(makeConfig({ quick: true, modelsDir, dataFile: csv }), () => {}, silentProgress);
		expect(second.status).toBe('registered');
		expect(second.manifest.lineage.dataSource).toContain('customer.csv');
		expect((await readRegistry({ modelsDir })).aliases.champion).toBe(first.version);
	}, 60_000);
});
