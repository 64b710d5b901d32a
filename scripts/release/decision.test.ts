import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegistry } from '#lib/registry/registry.ts';
import { makeTinyBundle, type TinyBundle } from '#tests/support/tiny-bundle.ts';
import { recordDecision } from './decision.ts';
import { DirectoryTarget } from './publish-dir.ts';
import { POINTER_KEY, publishPointer } from './publish.ts';

let tmp: string;
let modelsDir: string;
let fresh: TinyBundle;

beforeAll(async () => {
	tmp = await mkdtemp(path.join(os.tmpdir(), 'decision-test-'));
	modelsDir = path.join(tmp, 'models');
	await makeTinyBundle(modelsDir, { seed: 1, version: 'tiny-a' });
	// A freshly trained candidate: its folder is in the models dir, the registry does not list it yet.
	fresh = await makeTinyBundle(path.join(tmp, 'trained'), { seed: 2, version: 'tiny-b' });
	await cp(path.join(tmp, 'trained', 'tiny-b'), path.join(modelsDir, 'tiny-b'), { recursive: true });
	await cp(path.join(tmp, 'trained', 'vocab'), path.join(modelsDir, 'vocab'), { recursive: true });
}, 120_000);

afterAll(async () => {
	await rm(tmp, { recursive: true, force: true });
});

describe('recordDecision', () => {
	it('--challenger registers the candidate as shadow challenger and leaves the champion serving', async () => {
		await recordDecision(
			{ version: 'tiny-b', manifest: fresh.manifest, entry: null, warnings: [] },
			'challenger',
			{ modelsDir, by: 'ci-bot', reason: 'shadow run' },
			{ frozenEval: { accuracy: 0.9 } }
		);
		const registry = await readRegistry({ modelsDir });
		expect(registry.aliases).toEqual({ champion: 'tiny-a', challenger: 'tiny-b' });
		expect(registry.versions.find((v) => v.version === 'tiny-b')).toMatchObject({
			status: 'challenger',
			metrics: { frozenEval: { accuracy: 0.9 } }
		});
		expect(registry.history.at(-1)).toMatchObject({
			action: 'challenger',
			version: 'tiny-b',
			previousChampion: 'tiny-a',
			by: 'ci-bot',
			reason: 'shadow run'
		});

		const cdn = new DirectoryTarget(path.join(tmp, 'cdn'));
		await publishPointer(cdn, modelsDir);
		const pointer = JSON.parse(new TextDecoder().decode((await cdn.get(POINTER_KEY))!));
		expect(pointer.champion.version).toBe('tiny-a');
		expect(pointer.challenger).toEqual({ version: 'tiny-b', manifest: '/models/tiny-b/manifest.json' });
	});

	it('promoting a registered challenger records who, why and the previous champion', async () => {
		const registry = await readRegistry({ modelsDir });
		const entry = registry.versions.find((v) => v.version === 'tiny-b')!;
		await recordDecision(
			{ version: 'tiny-b', manifest: fresh.manifest, entry, warnings: [] },
			'champion',
			{ modelsDir, by: 'alice', reason: 'gate passed' },
			{}
		);
		const after = await readRegistry({ modelsDir });
		expect(after.aliases).toEqual({ champion: 'tiny-b', challenger: null });
		expect(after.versions.find((v) => v.version === 'tiny-a')?.status).toBe('archived');
		expect(after.history.at(-1)).toMatchObject({
			action: 'promote',
			version: 'tiny-b',
			previousChampion: 'tiny-a',
			by: 'alice',
			reason: 'gate passed'
		});
	});
});
