import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS_DIR } from '../../../src/lib/registry/models-dir.ts';
import { chooseVocabulary, neededWords, withoutTyposOf } from './vocabulary.ts';

let modelsDir: string;
let committed: string;

beforeAll(async () => {
	modelsDir = await mkdtemp(path.join(tmpdir(), 'vocab-stage-'));
	const name = (await readdir(path.join(DEFAULT_MODELS_DIR, 'vocab'))).find((n) => /^[0-9a-f]{16}\.bin$/.test(n));
	if (!name) throw new Error('No committed vocabulary under models/vocab; run `npm run vocab`');
	await mkdir(path.join(modelsDir, 'vocab'));
	committed = path.join(modelsDir, 'vocab', name);
	await copyFile(path.join(DEFAULT_MODELS_DIR, 'vocab', name), committed);
});
afterAll(() => rm(modelsDir, { recursive: true, force: true }));

describe('vocabulary stage', () => {
	it('counts only words seen at least twice (one-off tokens are mostly typos)', () => {
		expect(neededWords(['steel bracket 1995', 'Steel stell part', 'bracket part']).sort()).toEqual(['bracket', 'part', 'steel']);
	});

	it('reuses the committed vocabulary when it has every needed word, without reading GloVe', async () => {
		const chosen = await chooseVocabulary({
			modelsDir,
			texts: ['steel bracket', 'steel bracket'],
			extraWords: ['plastic', 'carbon fiber']
		});
		expect(chosen.file).toBe(committed);
		expect(chosen.built).toBe(false);
		expect(chosen.sha256).toMatch(new RegExp(`^${path.basename(committed, '.bin')}`));
	});

	it('in quick mode keeps the committed vocabulary even when it lacks a word', async () => {
		const chosen = await chooseVocabulary({ modelsDir, texts: [], extraWords: ['zzqxwordnotinglove'], allowBuild: false });
		expect(chosen.file).toBe(committed);
		expect(chosen.missing).toContain('zzqxwordnotinglove');
	});
});

describe('withoutTyposOf', () => {
	it('keeps real words and drops likely typos of domain words, which the featurizer corrects instead', () => {
		const lexicon = ['steel', 'fair', 'iron', 'plastic', 'corroded', 'condition'];
		expect(withoutTyposOf(['stel', 'fiar', 'corroed', 'bracket', 'steel', 'conditon', 'gearbox'], lexicon)).toEqual([
			'bracket',
			'steel',
			'gearbox'
		]);
	});
});
