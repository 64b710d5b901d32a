import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRegistry } from '#lib/bundle/registry.ts';
import { loadNodeClassifier } from '#lib/inference/load-node.ts';
import { makeTinyBundle } from './tiny-bundle.ts';

const dirs: string[] = [];
async function tmp(): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'tiny-bundle-'));
	dirs.push(dir);
	return dir;
}
afterAll(async () => {
	for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('makeTinyBundle', () => {
	it('writes a models directory that loads, passes its self-test and gives both labels', async () => {
		const { modelsDir, version, manifest, texts } = await makeTinyBundle(await tmp(), { seed: 3, version: 'tiny-a' });
		const classifier = await loadNodeClassifier({ modelsDir });
		expect(classifier.version).toBe(version);
		expect((await classifier.selfTest()).examples).toBe(texts.length);
		const labels = (await classifier.classify(texts)).map((c) => c.label);
		expect(new Set(labels)).toEqual(new Set([0, 1]));
		expect(manifest.golden.map((g) => g.label)).toEqual(labels);
	});

	it('gives the same numbers for the same seed and different ones for another seed', async () => {
		const a = await makeTinyBundle(await tmp(), { seed: 7 });
		const b = await makeTinyBundle(await tmp(), { seed: 7 });
		const c = await makeTinyBundle(await tmp(), { seed: 8 });
		const probs = (m: typeof a) => m.manifest.golden.map((g) => g.probability);
		expect(probs(b)).toEqual(probs(a));
		expect(probs(c)).not.toEqual(probs(a));
	});

	it('adds versions to an existing registry and moves the alias', async () => {
		const dir = await tmp();
		await makeTinyBundle(dir, { seed: 1, version: 'v1' });
		await makeTinyBundle(dir, { seed: 2, version: 'v2' });
		await makeTinyBundle(dir, { seed: 3, version: 'v3', alias: 'challenger' });
		const registry = parseRegistry(JSON.parse(await readFile(path.join(dir, 'registry.json'), 'utf8')));
		expect(registry.aliases).toEqual({ champion: 'v2', challenger: 'v3' });
		expect(registry.versions.map((v) => [v.version, v.status])).toEqual([
			['v1', 'archived'],
			['v2', 'champion'],
			['v3', 'challenger']
		]);
		expect((await loadNodeClassifier({ modelsDir: dir, version: 'v1' })).version).toBe('v1');
	});
});
