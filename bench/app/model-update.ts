/**
 * A private copy of the models folder for the app benchmark, and a model update to
 * publish into it: the champion's ONNX with one extra metadata entry (new bytes and
 * hash, same numbers, so the app's self-test passes), registered as the new champion.
 * That is exactly what a retrained model of the same architecture costs to download.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { sha256Hex } from '#lib/bundle/integrity.ts';
import { parseRegistry } from '#lib/bundle/registry.ts';
import { loadSigningKey, signBundle } from '#lib/registry/signing.ts';
import type { BenchBundle } from '../lib/bundle.ts';

const { onnx } = onnxProto;

/** Copy the models folder (a few MB) into `dir` (replaced). */
export function copyModels(bundle: BenchBundle, dir: string): void {
	rmSync(dir, { recursive: true, force: true });
	cpSync(bundle.modelsDir, dir, { recursive: true });
}

/** Register `<champion>-update` as champion in `dir`; returns its version and ONNX size. */
export async function publishUpdate(bundle: BenchBundle, dir: string): Promise<{ version: string; modelBytes: number }> {
	const version = `${bundle.version}-update`;
	const model = onnx.ModelProto.decode(bundle.modelBytes);
	model.metadataProps = [
		...(model.metadataProps ?? []),
		onnx.StringStringEntryProto.create({ key: 'bench-update', value: new Date().toISOString() })
	];
	const bytes = onnx.ModelProto.encode(model).finish();
	const modelPath = `${version}/model.onnx`;
	mkdirSync(path.join(dir, version), { recursive: true });
	writeFileSync(path.join(dir, modelPath), bytes);
	const manifest = {
		...bundle.manifest,
		version,
		created: new Date().toISOString(),
		files: {
			...bundle.manifest.files,
			model: { ...bundle.manifest.files.model, path: modelPath, bytes: bytes.length, sha256: await sha256Hex(bytes) }
		}
	};
	writeFileSync(path.join(dir, version, 'manifest.json'), JSON.stringify(manifest, null, '\t'));
	// Signed as a release is (the development key here; the bench server and app trust it).
	await signBundle(dir, version, await loadSigningKey({}));
	const registry = parseRegistry(JSON.parse(readFileSync(path.join(dir, 'registry.json'), 'utf8')), 'registry.json');
	const old = registry.versions.find((v) => v.version === bundle.version);
	if (!old) throw new Error(`registry has no entry for ${bundle.version}`);
	registry.versions = [
		...registry.versions.map((v) => (v.version === bundle.version ? { ...v, status: 'archived' as const } : v)),
		{ ...old, version, created: manifest.created, status: 'champion', manifest: `${version}/manifest.json`, modelBytes: bytes.length }
	];
	registry.aliases = { ...registry.aliases, champion: version };
	registry.history = [
		...registry.history,
		{ at: manifest.created, action: 'promote', version, previousChampion: bundle.version, by: 'bench', reason: 'benchmark model update' }
	];
	const file = path.join(dir, 'registry.json');
	writeFileSync(`${file}.tmp`, JSON.stringify(registry, null, '\t'));
	cpSync(`${file}.tmp`, file);
	rmSync(`${file}.tmp`);
	return { version, modelBytes: bytes.length };
}
