import { mkdtemp, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/lib/bundle/manifest.ts';
import { versionName, writeBundle, type BundleInput } from './bundle.ts';

let modelsDir: string;
beforeEach(async () => {
	modelsDir = await mkdtemp(path.join(tmpdir(), 'bundle-'));
	await mkdir(path.join(modelsDir, 'vocab'));
	await writeFile(path.join(modelsDir, 'vocab', '0123456789abcdef.bin'), 'x');
});
afterEach(() => rm(modelsDir, { recursive: true, force: true }));

function input(overrides: Partial<BundleInput> = {}): BundleInput {
	return {
		modelsDir,
		onnx: new Uint8Array([1, 2, 3]),
		created: new Date('2026-01-02T03:04:05Z'),
		architecture: 'test',
		vocabularyFile: path.join(modelsDir, 'vocab', '0123456789abcdef.bin'),
		vocabularySha256: 'a'.repeat(64),
		vocabularyBytes: 1,
		threshold: 0.5,
		metrics: { accuracy: 0.99, f1: 0.98 },
		referenceDistribution: { edges: [0, 0.5, 1], proportions: [0.5, 0.5], count: 2 },
		golden: [{ text: 'steel part 1999', label: 0, probability: 0.1 }],
		lineage: {
			dataHash: 'h',
			dataSource: 'synthetic:seed=1',
			trainingConfig: {},
			gitCommit: null,
			parity: { samples: 1000, maxAbsDiffNode: 0, maxAbsDiffWeb: 0, labelChanges: 0 }
		},
		report: '# report',
		...overrides
	};
}

describe('bundle writer', () => {
	it('names versions by UTC time and the ONNX hash', () => {
		expect(versionName(new Date('2026-01-02T03:04:05Z'), 'abcdef0123')).toBe('20260102-030405-abcdef');
	});

	it('writes model, a valid manifest with paths relative to the models folder, and the report', async () => {
		const written = await writeBundle(input());
		const manifest = parseManifest(JSON.parse(await readFile(path.join(written.dir, 'manifest.json'), 'utf8')));
		expect(manifest.files.vocabulary.path).toBe('vocab/0123456789abcdef.bin');
		expect(manifest.files.model).toMatchObject({ path: `${written.version}/model.onnx`, bytes: 3 });
		expect([...(await readFile(path.join(modelsDir, manifest.files.model.path)))]).toEqual([1, 2, 3]);
		expect(written.entry).toMatchObject({ version: written.version, modelBytes: 3, vocabulary: 'vocab/0123456789abcdef.bin' });
	});

	it('never overwrites an existing version and refuses an invalid manifest', async () => {
		await writeBundle(input());
		await expect(writeBundle(input())).rejects.toThrow(/already exists/);
		await expect(writeBundle(input({ onnx: new Uint8Array([9]), threshold: 2 }))).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
	});
});
