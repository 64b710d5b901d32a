import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegistryEntry } from '#lib/bundle/registry.ts';
import { readRegistry, registerVersion } from './registry.ts';
import { promoteVersion, rollbackChampion, type GateDecision } from './promotion.ts';

let modelsDir: string;

const entry = (version: string): Omit<RegistryEntry, 'status'> => ({
	version,
	created: new Date().toISOString(),
	manifest: `${version}/manifest.json`,
	metrics: { accuracy: 0.99, f1: 0.99 },
	modelBytes: 1234,
	vocabulary: 'vocab/abc.bin'
});
const passed: GateDecision = { pass: true, checks: [{ name: 'accuracy', ok: true, detail: '99%' }], reason: 'passed: accuracy' };
const failed: GateDecision = {
	pass: false,
	checks: [{ name: 'size budget', ok: false, detail: '2 MB' }],
	reason: 'failed: size budget 2 MB'
};

beforeEach(async () => {
	modelsDir = await mkdtemp(path.join(tmpdir(), 'promotion-'));
	await registerVersion(entry('v1'), { modelsDir, by: 'train', reason: 'first' });
	await registerVersion(entry('v2'), { modelsDir, by: 'train', reason: 'second' });
});
afterEach(() => rm(modelsDir, { recursive: true, force: true }));

describe('promoteVersion', () => {
	it('promotes when the gate passes and records the gate and the reason', async () => {
		const judge = vi.fn(async () => passed);
		const outcome = await promoteVersion({ modelsDir, version: 'v2', by: 'ada', reason: 'audit ok' }, judge);
		expect(judge).toHaveBeenCalledWith('v2');
		expect(outcome).toMatchObject({ promoted: true, champion: 'v2', previous: 'v1' });
		const registry = await readRegistry({ modelsDir });
		expect(registry.aliases.champion).toBe('v2');
		expect(registry.history.at(-1)).toMatchObject({
			action: 'promote',
			version: 'v2',
			by: 'ada',
			reason: 'manual promote, gate passed: accuracy; audit ok'
		});
	});

	it('changes nothing when the gate refuses, and returns its checks', async () => {
		const outcome = await promoteVersion({ modelsDir, version: 'v2', by: 'ada', reason: 'try' }, async () => failed);
		expect(outcome).toEqual({ promoted: false, champion: 'v1', gate: failed });
		expect((await readRegistry({ modelsDir })).aliases.champion).toBe('v1');
	});

	it('skips the gate only with force and a reason', async () => {
		const judge = vi.fn(async () => failed);
		await expect(promoteVersion({ modelsDir, version: 'v2', by: 'ada', reason: ' ', force: true }, judge)).rejects.toMatchObject({
			code: 'PROMOTION_INVALID'
		});
		const outcome = await promoteVersion({ modelsDir, version: 'v2', by: 'ada', reason: 'hotfix', force: true }, judge);
		expect(judge).not.toHaveBeenCalled();
		expect(outcome).toMatchObject({ promoted: true, recorded: 'manual promote with --force: hotfix' });
	});

	it('refuses an unregistered version before judging it', async () => {
		const judge = vi.fn(async () => passed);
		await expect(promoteVersion({ modelsDir, version: 'v9', by: 'ada', reason: 'x' }, judge)).rejects.toThrow(/v9 is not registered/);
		expect(judge).not.toHaveBeenCalled();
	});
});

describe('rollbackChampion', () => {
	it('returns to the previous champion with the reason recorded, and needs a reason', async () => {
		await promoteVersion({ modelsDir, version: 'v2', by: 'ada', reason: 'new' }, async () => passed);
		await expect(rollbackChampion({ modelsDir, by: 'ada', reason: '' })).rejects.toMatchObject({ code: 'PROMOTION_INVALID' });
		expect(await rollbackChampion({ modelsDir, by: 'ada', reason: 'field reports' })).toBe('v1');
		expect((await readRegistry({ modelsDir })).history.at(-1)).toMatchObject({
			action: 'rollback',
			version: 'v1',
			reason: 'field reports'
		});
	});
});
