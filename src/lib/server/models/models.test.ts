import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyRegistry } from '#lib/bundle/registry.ts';
import { resolveModelsPath } from '#lib/registry/models-dir.ts';
import { bundleFileResponse, modelsPointer } from './serve.ts';
import { lastGoodRegistry } from './last-good-registry.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'models-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (version: string, status: 'champion' | 'challenger') => ({
	version,
	created: '2026-11-01T00:00:00.000Z',
	status,
	manifest: `${version}/manifest.json`,
	metrics: { accuracy: 0.99, f1: 0.99 },
	modelBytes: 4,
	vocabulary: 'vocab/abc.bin'
});

mkdirSync(path.join(dir, 'v1'));
writeFileSync(path.join(dir, 'v1', 'model.onnx'), 'ONNX');
writeFileSync(path.join(dir, 'v1', 'manifest.json'), '{}');
writeFileSync(path.join(dir, 'secret.txt'), 'no');
writeFileSync(
	path.join(dir, 'registry.json'),
	JSON.stringify({ ...emptyRegistry(), aliases: { champion: 'v1', challenger: 'v2' }, versions: [entry('v1', 'champion'), entry('v2', 'challenger')] })
);

describe('model serving', () => {
	it('points at the champion and challenger manifests', async () => {
		expect(await modelsPointer(dir)).toEqual({
			champion: { version: 'v1', manifest: '/models/v1/manifest.json' },
			challenger: { version: 'v2', manifest: '/models/v2/manifest.json' }
		});
	});

	it('has no champion before anything is registered', async () => {
		expect(await modelsPointer(path.join(dir, 'missing'))).toEqual({ champion: null, challenger: null });
	});

	it('serves bundle files with their type and immutable caching', async () => {
		const res = await bundleFileResponse(dir, 'v1/model.onnx');
		expect(res?.headers.get('content-type')).toBe('application/octet-stream');
		expect(res?.headers.get('cache-control')).toContain('immutable');
		expect(await res?.text()).toBe('ONNX');
		expect((await bundleFileResponse(dir, 'v1/manifest.json'))?.headers.get('content-type')).toBe('application/json');
	});

	it('refuses traversal, the registry, other file types and missing files', async () => {
		for (const p of ['../etc/passwd.json', 'v1/../../x.json', '/etc/x.json', 'registry.json', 'secret.txt', 'v1/missing.onnx', 'v1/.hidden.json', 'v1\\..\\x.json']) {
			expect(await bundleFileResponse(dir, p), p).toBeNull();
		}
		expect(resolveModelsPath(dir, 'v1/model.onnx')).toBe(path.join(dir, 'v1', 'model.onnx'));
		expect(resolveModelsPath(dir, 'v1/%2e%2e/x')).toBe(path.join(dir, 'v1', '%2e%2e', 'x'));
	});

	it('does not follow a symbolic link out of the models folder', async () => {
		const outside = mkdtempSync(path.join(os.tmpdir(), 'models-outside-'));
		try {
			writeFileSync(path.join(outside, 'secret.json'), '{"password":"x"}');
			mkdirSync(path.join(outside, 'v9'));
			symlinkSync(path.join(outside, 'secret.json'), path.join(dir, 'v1', 'leak.json'));
			symlinkSync(path.join(outside, 'v9'), path.join(dir, 'v9'));
			writeFileSync(path.join(outside, 'v9', 'model.onnx'), 'EVIL');
			symlinkSync('model.onnx', path.join(dir, 'v1', 'alias.onnx'));
			expect(await bundleFileResponse(dir, 'v1/leak.json')).toBeNull();
			expect(await bundleFileResponse(dir, 'v9/model.onnx')).toBeNull();
			// A link that stays inside is fine.
			expect(await (await bundleFileResponse(dir, 'v1/alias.onnx'))?.text()).toBe('ONNX');
		} finally {
			rmSync(outside, { recursive: true, force: true });
		}
	});

	it('serves a signature without immutable caching (key rotation re-signs a version)', async () => {
		writeFileSync(path.join(dir, 'v1', 'signature.json'), '{}');
		expect((await bundleFileResponse(dir, 'v1/signature.json'))?.headers.get('cache-control')).toBe('no-cache');
	});

	it('a registry.json that turns unreadable keeps the last good copy, reported once; none before gives null', async () => {
		const logs: string[] = [];
		const good = await lastGoodRegistry(dir, (l) => logs.push(l));
		expect(good).toMatchObject({ registry: { aliases: { champion: 'v1' } }, error: null });
		const corrupt = mkdtempSync(path.join(os.tmpdir(), 'models-corrupt-'));
		try {
			writeFileSync(path.join(corrupt, 'registry.json'), '{"aliases": {"champ');
			expect(await lastGoodRegistry(corrupt, (l) => logs.push(l))).toMatchObject({ registry: null, error: expect.stringContaining('not valid JSON') });
		} finally {
			rmSync(corrupt, { recursive: true, force: true });
		}
		const file = path.join(dir, 'registry.json');
		const text = readFileSync(file, 'utf8');
		writeFileSync(file, text.slice(0, 40));
		try {
			for (let i = 0; i < 2; i++)
				expect(await lastGoodRegistry(dir, (l) => logs.push(l))).toMatchObject({ registry: { aliases: { champion: 'v1' } }, error: expect.any(String) });
			expect(logs.filter((l) => l.includes('using the last good copy'))).toHaveLength(1);
		} finally {
			writeFileSync(file, text);
		}
	});

	it('an unchanged registry.json is not parsed again; a rewritten one is read at once', async () => {
		const other = mkdtempSync(path.join(os.tmpdir(), 'models-cache-'));
		try {
			const file = path.join(other, 'registry.json');
			const write = (champion: string) =>
				writeFileSync(file, JSON.stringify({ ...emptyRegistry(), aliases: { champion, challenger: champion }, versions: [entry(champion, 'champion')] }));
			write('v1');
			const first = await lastGoodRegistry(other);
			expect(first).toMatchObject({ registry: { aliases: { champion: 'v1' } }, error: null });
			expect((await lastGoodRegistry(other)).registry).toBe(first.registry);
			write('v9');
			expect((await lastGoodRegistry(other)).registry).toMatchObject({ aliases: { champion: 'v9' } });
			writeFileSync(file, '{"aliases": {"champ');
			expect(await lastGoodRegistry(other, () => {})).toMatchObject({ registry: { aliases: { champion: 'v9' } }, error: expect.stringContaining('not valid JSON') });
		} finally {
			rmSync(other, { recursive: true, force: true });
		}
	});
});
