/**
 * What the benchmark measures: the champion bundle in models/ (or, before one is
 * committed, a tiny generated fixture with the default architecture, clearly labelled
 * as such), and a fixed set of realistic descriptions from the synthetic generator.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MODELS_DIR } from '#lib/registry/models-dir.ts';
import { readManifest, resolveVersion } from '#lib/registry/resolve.ts';
import type { Manifest } from '#lib/bundle/manifest.ts';
import { Vocabulary } from '#lib/text/index.ts';
import { generate } from '../../training/src/data/generator.ts';

export interface BenchBundle {
	modelsDir: string;
	version: string;
	manifest: Manifest;
	modelBytes: Uint8Array;
	vocabBytes: Uint8Array;
	vocabulary: Vocabulary;
	/** 'champion' (models/registry.json) or 'tiny-fixture' (no champion committed yet). */
	source: 'champion' | 'tiny-fixture';
}

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const RAW_DIR = path.join(ROOT, 'bench/results/raw');

export async function loadBenchBundle(modelsDir = DEFAULT_MODELS_DIR): Promise<BenchBundle> {
	let source: BenchBundle['source'] = 'champion';
	if (!existsSync(path.join(modelsDir, 'registry.json'))) {
		// No champion yet: a tiny bundle with the production architecture (random weights, tiny vocabulary).
		const { makeTinyBundle } = await import('#tests/support/tiny-bundle.ts');
		const { CONV_DEFAULT } = await import('../../training/src/model/architectures.ts');
		modelsDir = path.join(RAW_DIR, 'fixture-models');
		if (!existsSync(path.join(modelsDir, 'registry.json')))
			await makeTinyBundle(modelsDir, { seed: 1, version: 'tiny-bench', architecture: CONV_DEFAULT });
		source = 'tiny-fixture';
	}
	const version = await resolveVersion(modelsDir, 'champion');
	const manifest = await readManifest(modelsDir, version);
	const [modelBytes, vocabBytes] = await Promise.all(
		[manifest.files.model, manifest.files.vocabulary].map(async (f) => new Uint8Array(await readFile(path.join(modelsDir, f.path))))
	);
	return { modelsDir, version, manifest, modelBytes, vocabBytes, vocabulary: Vocabulary.decode(vocabBytes), source };
}

/** `count` generated descriptions (fixed seed: every run measures the same texts). */
export function benchTexts(count: number): string[] {
	return generate({ count, seed: 20261124 }).map((s) => s.text);
}
