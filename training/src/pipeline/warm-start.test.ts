import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS_DIR } from '../../../src/lib/registry/models-dir.ts';
import { readManifest, resolveVersion } from '../../../src/lib/registry/resolve.ts';
import { initBackend } from '../backend.ts';
import { loadFeedback, sameRegulation } from '../data/feedback.ts';
import { describeArchitecture } from '../model/architectures.ts';
import { FINE_TUNE, makeConfig } from './config.ts';
import { regulationOfVersion } from './data-stage.ts';
import { openWarmStart, warmStartMismatch } from './warm-start.ts';

let dir = '';
afterEach(() => {
	if (dir) rmSync(dir, { recursive: true, force: true });
	dir = '';
});

beforeAll(async () => {
	await initBackend('wasm');
});

describe('warm start (--init)', () => {
	it('opens the committed champion: its architecture, its vocabulary and a model with its weights', async () => {
		const champion = await resolveVersion(DEFAULT_MODELS_DIR, 'champion');
		const warm = await openWarmStart(DEFAULT_MODELS_DIR, 'champion', 'cutoff-1995');
		expect(warm.version).toBe(champion);
		expect(describeArchitecture(warm.architecture)).toBe(warm.manifest.architecture);
		expect(warm.vocabularyFile).toBe(path.join(DEFAULT_MODELS_DIR, warm.manifest.files.vocabulary.path));
		const model = warm.model(1);
		expect(model.countParams()).toBe(167_685);
		model.dispose();
	});

	it('refuses a bundle trained for another regulation or featurizer, saying why', async () => {
		await expect(openWarmStart(DEFAULT_MODELS_DIR, 'champion', 'cutoff-2000-fair')).rejects.toMatchObject({
			code: 'WARM_START',
			message: expect.stringMatching(/trained for regulation cutoff-1995, this run is for cutoff-2000-fair/)
		});
		const old = await readManifest(DEFAULT_MODELS_DIR, '20261124-024624-bd2521');
		expect(warmStartMismatch(old, { kind: 'conv', filters: 96, kernelSize: 3, hidden: 48 }, 'cutoff-1995')).toMatch(/featurizer 1/);
		await expect(openWarmStart(DEFAULT_MODELS_DIR, 'no-such-version', null)).rejects.toMatchObject({ code: 'WARM_START' });
	});

	it('fine-tunes with fewer epochs and a lower learning rate unless told otherwise', () => {
		expect(makeConfig({ init: 'champion' })).toMatchObject({ epochs: FINE_TUNE.epochs, learningRate: FINE_TUNE.learningRate });
		expect(makeConfig({ init: 'champion', quick: true }).epochs).toBe(FINE_TUNE.quickEpochs);
		expect(makeConfig({ init: 'champion', epochs: 6 }).epochs).toBe(6);
		expect(makeConfig({})).toMatchObject({ init: null, epochs: 14, learningRate: 0.002 });
	});
});

describe('field labels and the regulation', () => {
	it('keeps the labels judged under the training regulation, drops the others, keeps unknown versions', async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'field-regulation-'));
		const file = path.join(dir, 'field.csv');
		const champion = await resolveVersion(DEFAULT_MODELS_DIR, 'champion');
		const rows = [
			`Bracket of Delrin made 2013 good condition,1,field-train,2026-11-30T00:00:00Z,${champion}`,
			`Bracket of Delrin made 2021 good condition,1,field-train,2026-11-30T00:00:00Z,fair-model`,
			`Bracket of Delrin made 2013 in new condition,1,field-train,2026-11-30T00:00:00Z,gone-from-registry`
		];
		writeFileSync(file, ['text,label,source,reviewed_at,model_version', ...rows].join('\n'));
		const known = regulationOfVersion(DEFAULT_MODELS_DIR);
		const regulationOf = async (v: string) => (v === 'fair-model' ? 'cutoff-2000-fair' : known(v));
		const field = await sameRegulation(file, await loadFeedback(file, 8), regulationOf, 'cutoff-1995');
		expect(field.dropped).toBe(1);
		expect(field.train.map((s) => s.text).sort()).toEqual([
			'Bracket of Delrin made 2013 good condition',
			'Bracket of Delrin made 2013 in new condition'
		]);
		const fair = await sameRegulation(file, await loadFeedback(file, 8), regulationOf, 'cutoff-2000-fair');
		expect(fair.train.map((s) => s.text).sort()).toEqual([
			'Bracket of Delrin made 2013 in new condition',
			'Bracket of Delrin made 2021 good condition'
		]);
	});
});
