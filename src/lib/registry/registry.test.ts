import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegistryEntry } from '#lib/bundle/registry.ts';
import { getChallenger, getChampion, readRegistry, registerVersion, rejectVersion, rollback, setAlias, writeRegistry } from './registry.ts';

let modelsDir: string;
const by = 'test';

function entry(version: string, accuracy = 0.99): Omit<RegistryEntry, 'status'> {
	return {
		version,
		created: new Date().toISOString(),
		manifest: `${version}/manifest.json`,
		metrics: { accuracy, f1: accuracy },
		modelBytes: 1234,
		vocabulary: 'vocab/abc.bin'
	};
}

beforeEach(async () => {
	modelsDir = await mkdtemp(path.join(tmpdir(), 'registry-'));
});
afterEach(async () => {
	await rm(modelsDir, { recursive: true, force: true });
});

describe('model registry', () => {
	it('makes the first registered version champion and later ones plain registered', async () => {
		await registerVersion(entry('v1'), { modelsDir, by, reason: 'first' });
		await registerVersion(entry('v2'), { modelsDir, by, reason: 'second' });
		const registry = await readRegistry({ modelsDir });
		expect(registry.aliases).toEqual({ champion: 'v1', challenger: null });
		expect(registry.versions.map((v) => [v.version, v.status])).toEqual([
			['v1', 'champion'],
			['v2', 'registered']
		]);
		expect(registry.history.map((h) => `${h.action}:${h.version}`)).toEqual(['register:v1', 'promote:v1', 'register:v2']);
		expect((await getChampion({ modelsDir }))?.version).toBe('v1');
	});

	it('refuses to register the same version twice', async () => {
		await registerVersion(entry('v1'), { modelsDir, by, reason: 'x' });
		await expect(registerVersion(entry('v1'), { modelsDir, by, reason: 'x' })).rejects.toMatchObject({ code: 'REGISTRY_CONFLICT' });
	});

	it('moves aliases: challenger, promotion archives the old champion, rollback restores it', async () => {
		await registerVersion(entry('v1'), { modelsDir, by, reason: 'x' });
		await registerVersion(entry('v2'), { modelsDir, by, reason: 'x', status: 'challenger' });
		expect((await getChallenger({ modelsDir }))?.version).toBe('v2');
		await setAlias('champion', 'v2', { modelsDir, by, reason: 'better' });
		let registry = await readRegistry({ modelsDir });
		expect(registry.aliases).toEqual({ champion: 'v2', challenger: null });
		expect(registry.versions.find((v) => v.version === 'v1')?.status).toBe('archived');
		expect(registry.history.at(-1)).toMatchObject({ action: 'promote', version: 'v2', previousChampion: 'v1', reason: 'better' });
		expect(await rollback({ modelsDir, by, reason: 'regression' })).toBe('v1');
		registry = await readRegistry({ modelsDir });
		expect(registry.aliases.champion).toBe('v1');
		expect(registry.versions.find((v) => v.version === 'v2')?.status).toBe('archived');
	});

	it('never serves a rejected version', async () => {
		await registerVersion(entry('v1'), { modelsDir, by, reason: 'x' });
		await registerVersion(entry('v2'), { modelsDir, by, reason: 'x' });
		await rejectVersion('v2', { modelsDir, by, reason: 'worse' });
		await expect(setAlias('champion', 'v2', { modelsDir, by, reason: 'x' })).rejects.toThrow(/rejected/);
		await expect(rejectVersion('v1', { modelsDir, by, reason: 'x' })).rejects.toThrow(/champion/);
		await expect(setAlias('champion', 'nope', { modelsDir, by, reason: 'x' })).rejects.toThrow(/Registered versions: v1, v2/);
	});

	it('writes atomically: concurrent updates all land and no temp file is left', async () => {
		await Promise.all(['a', 'b', 'c', 'd'].map((v) => registerVersion(entry(v), { modelsDir, by, reason: 'x' })));
		expect((await readRegistry({ modelsDir })).versions.map((v) => v.version).sort()).toEqual(['a', 'b', 'c', 'd']);
		expect(await readdir(modelsDir)).toEqual(['registry.json']);
		expect(JSON.parse(await readFile(path.join(modelsDir, 'registry.json'), 'utf8')).schemaVersion).toBe(1);
	});

	it('refuses to write an invalid registry and leaves the old file intact', async () => {
		await registerVersion(entry('v1'), { modelsDir, by, reason: 'x' });
		const before = await readFile(path.join(modelsDir, 'registry.json'), 'utf8');
		const broken = { ...(await readRegistry({ modelsDir })), schemaVersion: 2 } as never;
		await expect(writeRegistry(broken, { modelsDir })).rejects.toMatchObject({ code: 'REGISTRY_INVALID' });
		expect(await readFile(path.join(modelsDir, 'registry.json'), 'utf8')).toBe(before);
	});

	it('reports an invalid registry file with its path', async () => {
		await writeFile(path.join(modelsDir, 'registry.json'), JSON.stringify({ schemaVersion: 1, aliases: {}, versions: [] }));
		await expect(readRegistry({ modelsDir })).rejects.toThrow(/registry\.json is not a valid registry: aliases\.champion/);
		await writeFile(path.join(modelsDir, 'registry.json'), '{ nope');
		await expect(readRegistry({ modelsDir })).rejects.toMatchObject({ code: 'REGISTRY_INVALID' });
	});

	it('starts empty when there is no registry file', async () => {
		expect(await getChampion({ modelsDir })).toBeNull();
		expect((await readRegistry({ modelsDir })).versions).toEqual([]);
	});
});
