import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegistry } from '#lib/registry/registry.ts';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';
import { AzureBlobTarget } from './publish-azure.ts';
import { DirectoryTarget } from './publish-dir.ts';
import { IMMUTABLE, NO_CACHE, POINTER_KEY, publish, RELEASE_KEY } from './publish.ts';
import type { PublishTarget } from './publish-target.ts';
import { rollbackRelease } from './rollback.ts';
import { startAzurite, type Azurite } from './testing/azurite.ts';

let tmp: string;
let azurite: Azurite;
let buildDir: string;
let modelsDir: string;

/** A small stand-in for an adapter-node build: hashed assets, a wasm, mutable files. */
async function fakeBuild(dir: string, tag: string): Promise<void> {
	const files: Record<string, string> = {
		[`client/_app/immutable/entry/app.${tag}.js`]: `console.log(${JSON.stringify(tag)})`,
		'client/_app/immutable/assets/ort.abc123.wasm': 'wasm bytes',
		'client/_app/version.json': JSON.stringify({ version: tag }),
		'client/service-worker.js': `// ${tag}`,
		'client/service-worker.js.br': 'compressed twin, not published'
	};
	for (const [name, body] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
		await writeFile(path.join(dir, name), body);
	}
}

const text = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null);
const pointerOf = async (t: PublishTarget) =>
	JSON.parse(text(await t.get(POINTER_KEY))!) as { champion: { version: string; manifest: string } };

beforeAll(async () => {
	tmp = await mkdtemp(path.join(os.tmpdir(), 'publish-test-'));
	azurite = await startAzurite();
	buildDir = path.join(tmp, 'build-1');
	await fakeBuild(buildDir, 'one');
	modelsDir = path.join(tmp, 'models');
	await makeTinyBundle(modelsDir, { seed: 1, version: 'tiny-old' });
	await makeTinyBundle(modelsDir, { seed: 2, version: 'tiny-new' });
}, 120_000);

afterAll(async () => {
	await azurite?.stop();
	await rm(tmp, { recursive: true, force: true });
}, 30_000);

function targets(name: string): { dir: DirectoryTarget; azure: AzureBlobTarget } {
	return { dir: new DirectoryTarget(path.join(tmp, `cdn-${name}`)), azure: new AzureBlobTarget(name, azurite.connectionString) };
}

describe('publish', () => {
	it('publishes app and bundle with the right headers, and skips unchanged files the second time', async () => {
		const { dir, azure } = targets('first');
		for (const target of [dir, azure]) {
			const report = await publish(target, { buildDir, modelsDir, release: { champion: 'tiny-new' } });
			expect(report.uploaded).toBeGreaterThan(5);
			expect((await pointerOf(target)).champion.version).toBe('tiny-new');
			// Every file the pointer leads to is there.
			const manifest = JSON.parse(text(await target.get((await pointerOf(target)).champion.manifest.slice(1)))!);
			expect(await target.get(`models/${manifest.files.model.path}`)).not.toBeNull();
			expect(await target.get(`models/${manifest.files.vocabulary.path}`)).not.toBeNull();
			expect(await target.get('service-worker.js.br')).toBeNull();
			const again = await publish(target, { buildDir, modelsDir, release: { champion: 'tiny-new' } });
			expect(again.uploaded).toBe(0);
			expect(again.skipped).toBe(report.uploaded);
		}
		expect(await azure.headersOf(POINTER_KEY)).toEqual({ contentType: 'application/json', cacheControl: NO_CACHE });
		expect(await azure.headersOf(RELEASE_KEY)).toEqual({ contentType: 'application/json', cacheControl: NO_CACHE });
		expect(await azure.headersOf('_app/immutable/assets/ort.abc123.wasm')).toEqual({
			contentType: 'application/wasm',
			cacheControl: IMMUTABLE
		});
		expect(await azure.headersOf('models/tiny-new/model.onnx')).toEqual({
			contentType: 'application/octet-stream',
			cacheControl: IMMUTABLE
		});
		expect(await azure.headersOf('service-worker.js')).toEqual({ contentType: 'text/javascript; charset=utf-8', cacheControl: NO_CACHE });
	});

	it('an interrupted publish leaves the previous release serving; a re-run completes it', async () => {
		const { dir, azure } = targets('interrupted');
		const oldModels = path.join(tmp, 'models-old');
		await makeTinyBundle(oldModels, { seed: 1, version: 'tiny-old' });
		for (const target of [dir, azure]) await publish(target, { buildDir, modelsDir: oldModels, release: { champion: 'tiny-old' } });

		const next = path.join(tmp, 'build-2');
		await fakeBuild(next, 'two');
		for (const target of [dir, azure]) {
			const pointerBefore = await target.get(POINTER_KEY);
			const releaseBefore = await target.get(RELEASE_KEY);
			await expect(
				publish(target, { buildDir: next, modelsDir, release: { champion: 'tiny-new' }, failAfterUploads: 2 })
			).rejects.toMatchObject({ code: 'PUBLISH_INTERRUPTED' });
			// Clients still see the old release: same pointer and release.json bytes, old version files intact.
			expect(await target.get(POINTER_KEY)).toEqual(pointerBefore);
			expect(await target.get(RELEASE_KEY)).toEqual(releaseBefore);
			expect((await pointerOf(target)).champion.version).toBe('tiny-old');
			expect(await target.get('_app/immutable/entry/app.two.js')).not.toBeNull(); // new hashed file exists, unreferenced
			expect(text(await target.get('service-worker.js'))).toBe('// one');

			const resumed = await publish(target, { buildDir: next, modelsDir, release: { champion: 'tiny-new' } });
			expect(resumed.skipped).toBeGreaterThan(0);
			expect((await pointerOf(target)).champion.version).toBe('tiny-new');
			expect(text(await target.get('service-worker.js'))).toBe('// two');
		}
	});

	it('refuses to overwrite an immutable path with different bytes', async () => {
		const { dir } = targets('conflict');
		await publish(dir, { buildDir, modelsDir, release: {} });
		const other = path.join(tmp, 'build-conflict');
		await fakeBuild(other, 'one');
		await writeFile(path.join(other, 'client/_app/immutable/assets/ort.abc123.wasm'), 'different bytes');
		await expect(publish(dir, { buildDir: other, modelsDir, release: {} })).rejects.toMatchObject({ code: 'PUBLISH_CONFLICT' });
	});

	it('rollback restores the previous champion in the registry and the published pointer', async () => {
		const { dir, azure } = targets('rollback');
		for (const target of [dir, azure]) await publish(target, { buildDir, modelsDir, release: {} });
		expect((await pointerOf(dir)).champion.version).toBe('tiny-new');
		const report = await rollbackRelease({
			modelsDir,
			decision: { by: 'tester', reason: 'bad labels on the floor' },
			targets: [dir, azure],
			workDir: null
		});
		expect(report.champion).toBe('tiny-old');
		const registry = await readRegistry({ modelsDir });
		expect(registry.aliases.champion).toBe('tiny-old');
		expect(registry.history.at(-1)).toMatchObject({
			action: 'rollback',
			version: 'tiny-old',
			previousChampion: 'tiny-new',
			by: 'tester',
			reason: 'bad labels on the floor'
		});
		for (const target of [dir, azure]) expect((await pointerOf(target)).champion.version).toBe('tiny-old');
		expect(JSON.parse(await readFile(path.join(tmp, 'cdn-rollback', POINTER_KEY), 'utf8')).champion.manifest).toBe(
			'/models/tiny-old/manifest.json'
		);
	});
});
