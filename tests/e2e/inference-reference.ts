/**
 * Reference predictions from Node: the batch CLI (`npm run classify`) for the published
 * champion, or the same classifier code on onnxruntime-node for in-memory test bundles.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Classifier } from '#lib/inference/classifier.ts';
import { loadRuntime } from '#lib/inference/ort.ts';
import { resolveModelsDir } from '#lib/registry/models-dir.ts';
import { Vocabulary } from '#lib/text/vocabulary.ts';
import type { TestBundle } from './inference-bundles.ts';

/** Most |P(browser) - P(Node)| allowed for the same description. */
export const PARITY_TOLERANCE = 1e-4;

export async function nodeReference(bundle: TestBundle, texts: string[]): Promise<{ label: 0 | 1; probability: number }[]> {
	const ort = await loadRuntime('node');
	const { manifest, files } = bundle;
	const session = await ort.InferenceSession.create(files.get(manifest.files.model.path) as Uint8Array);
	const vocabulary = Vocabulary.decode(files.get(manifest.files.vocabulary.path) as Uint8Array);
	const classifier = new Classifier({ manifest, vocabulary, session, Tensor: ort.Tensor });
	return (await classifier.classify(texts)).map((v) => ({ label: v.label, probability: v.probability }));
}

const root = path.resolve(import.meta.dirname, '../..');
/** The server's models folder (scripts/e2e-server.js passes MODELS_DIR through). */
export const MODELS_DIR = resolveModelsDir();

/** The published champion version, or null when none is registered yet. */
export function publishedChampion(): string | null {
	try {
		return JSON.parse(readFileSync(path.join(MODELS_DIR, 'registry.json'), 'utf8')).aliases?.champion ?? null;
	} catch {
		return null;
	}
}

/** Run the batch CLI on `texts`: {label, probability, model} per row, in order. */
export function cliReference(version: string, texts: string[]): { label: 0 | 1; probability: number; model: string }[] {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'parity-'));
	try {
		const csv = ['id,text', ...texts.map((t, i) => `${i},"${t.replaceAll('"', '""')}"`)].join('\n');
		writeFileSync(path.join(dir, 'in.csv'), csv);
		const args = [
			'scripts/classify.ts',
			'--input',
			path.join(dir, 'in.csv'),
			'--output',
			path.join(dir, 'out.jsonl'),
			'--model',
			version,
			'--models-dir',
			MODELS_DIR,
			'--quiet'
		];
		execFileSync(process.execPath, args, { cwd: root, env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' }, stdio: 'pipe' });
		return readFileSync(path.join(dir, 'out.jsonl'), 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
