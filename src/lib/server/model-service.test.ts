import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';
import { signingKeyFromPem } from '#lib/registry/signing.ts';
import { ModelService, type ModelFailure } from './model-service.ts';

let root: string;
beforeAll(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'model-service-'));
});
afterAll(async () => {
	await rm(root, { recursive: true, force: true });
});

async function fresh(name: string) {
	const dir = path.join(root, name);
	const logs: string[] = [];
	const failures: ModelFailure[] = [];
	const service = new ModelService({
		modelsDir: dir,
		pollMs: 60_000,
		retryMs: 1,
		log: (l) => logs.push(l),
		onModelError: (f) => failures.push(f)
	});
	return { dir, logs, failures, service };
}

describe('ModelService', () => {
	it('is not ready without a registry, then loads the champion once one appears', async () => {
		const { dir, service } = await fresh('empty');
		await service.start();
		service.stop();
		expect(service.ready).toBe(false);
		expect(() => service.champion).toThrow(expect.objectContaining({ code: 'NOT_READY' }));
		expect(service.status().champion.error?.message).toMatch(/no champion/);

		await makeTinyBundle(dir, { seed: 1, version: 'v1' });
		await service.check();
		expect(service.ready).toBe(true);
		expect(service.status().champion).toMatchObject({ active: 'v1', wanted: 'v1', error: null });
	});

	it('switches to a new champion while a request that took the old one finishes on it', async () => {
		const { dir, logs, service } = await fresh('switch');
		const { texts } = await makeTinyBundle(dir, { seed: 1, version: 'v1' });
		await service.start();
		service.stop();
		const inFlight = service.champion;

		await makeTinyBundle(dir, { seed: 2, version: 'v2' });
		await service.check();
		expect(service.champion.version).toBe('v2');
		expect(logs.at(-1)).toBe('models: champion switched from v1 to v2');

		const [old, now] = await Promise.all([inFlight.classify(texts), service.champion.classify(texts)]);
		expect(old.every((c) => c.model === 'v1')).toBe(true);
		expect(now.every((c) => c.model === 'v2')).toBe(true);
		expect(old.map((c) => c.probability)).not.toEqual(now.map((c) => c.probability));
	});

	it('keeps serving the old champion when the new one fails its checks, and takes it once it is fixed', async () => {
		const { dir, logs, service } = await fresh('broken');
		await makeTinyBundle(dir, { seed: 1, version: 'v1' });
		await service.start();
		service.stop();

		await makeTinyBundle(dir, { seed: 2, version: 'v2' });
		const model = path.join(dir, 'v2/model.onnx');
		const good = await readFile(model);
		const bad = Buffer.from(good);
		bad[bad.length - 1] ^= 0xff;
		await writeFile(model, bad);
		await service.check();
		expect(service.champion.version).toBe('v1');
		expect(service.status().champion).toMatchObject({ active: 'v1', wanted: 'v2', error: { code: 'BUNDLE_INTEGRITY' } });
		expect(logs.at(-1)).toMatch(/REFUSED cannot load champion v2; still serving v1/);

		await writeFile(model, good);
		await new Promise((r) => setTimeout(r, 5)); // past the (1 ms) retry delay
		await service.check();
		expect(service.champion.version).toBe('v2');
		expect(service.status().champion.error).toBeNull();
	});

	it('loads the challenger for shadow predictions and drops it when the alias is cleared', async () => {
		const { dir, service } = await fresh('shadow');
		await makeTinyBundle(dir, { seed: 1, version: 'v1' });
		await makeTinyBundle(dir, { seed: 2, version: 'v2', alias: 'challenger' });
		await service.start();
		service.stop();
		expect(service.champion.version).toBe('v1');
		expect(service.challenger?.version).toBe('v2');

		const file = path.join(dir, 'registry.json');
		const registry = JSON.parse(await readFile(file, 'utf8'));
		registry.aliases.challenger = null;
		await writeFile(file, JSON.stringify(registry));
		await service.check();
		expect(service.challenger).toBeNull();
		expect(service.champion.version).toBe('v1');
	});

	it('refuses an unsigned or re-signed-by-a-stranger champion, keeps the old one and reports it once', async () => {
		const { dir, logs, failures, service } = await fresh('unsigned');
		await makeTinyBundle(dir, { seed: 1, version: 'v1' });
		await service.start();
		service.stop();

		await makeTinyBundle(dir, { seed: 2, version: 'v2', signingKey: null });
		await service.check();
		expect(service.champion.version).toBe('v1');
		expect(service.status().champion).toMatchObject({ active: 'v1', wanted: 'v2', error: { code: 'BUNDLE_SIGNATURE' } });
		expect(logs.at(-1)).toMatch(/REFUSED cannot load champion v2; still serving v1.*no signature\.json/);
		await new Promise((r) => setTimeout(r, 5));
		await service.check();
		expect(failures).toEqual([expect.objectContaining({ role: 'champion', version: 'v2', code: 'BUNDLE_SIGNATURE' })]);

		const { privateKey } = generateKeyPairSync('ed25519');
		const stranger = await signingKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
		await makeTinyBundle(dir, { seed: 3, version: 'v3', signingKey: stranger });
		await service.check();
		expect(service.champion.version).toBe('v1');
		expect(service.status().champion.error?.message).toMatch(/does not trust/);
	});

	it('after a restart with a damaged champion, serves the last good champion instead of nothing', async () => {
		const { dir } = await fresh('restart');
		await makeTinyBundle(dir, { seed: 1, version: 'v1' });
		await makeTinyBundle(dir, { seed: 2, version: 'v2' });
		const model = path.join(dir, 'v2/model.onnx');
		const bytes = await readFile(model);
		bytes[bytes.length >> 1] ^= 0x01;
		await writeFile(model, bytes);

		const { logs, failures, service } = await fresh('restart');
		await service.start();
		service.stop();
		expect(service.ready).toBe(true);
		expect(service.champion.version).toBe('v1');
		expect(service.status().champion).toMatchObject({ active: 'v1', wanted: 'v2', error: { code: 'BUNDLE_INTEGRITY' } });
		expect(logs.at(-1)).toBe('models: champion v2 refused; serving the last good champion v1 until it is fixed');
		expect(failures).toEqual([expect.objectContaining({ version: 'v2', code: 'BUNDLE_INTEGRITY' })]);
	});
});
