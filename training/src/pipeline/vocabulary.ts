/**
 * Vocabulary stage: reuse a committed `models/vocab/<hash>.bin` when it has every word
 * the training data needs, otherwise build one from GloVe (~10-20 s).
 *
 * "Needs" = the extra words (the generator lexicon) plus, for customer data, word tokens
 * that occur at least twice (one-off tokens are mostly typos, which the featurizer
 * corrects at lookup; a typo that is also a GloVe junk token would not be corrected). Words GloVe lacks ("qty",
 * misspellings) can never be covered; they are remembered in training/.cache so the
 * next run does not parse GloVe again just to learn that.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { editDistance, tokenize, type Vocabulary } from '../../../src/lib/text/index.ts';
import { DEFAULT_MODELS_DIR } from '../../../src/lib/registry/models-dir.ts';
import { buildVocabulary, isWordLike, loadVocabulary } from '../vocab/build.ts';

export interface ChosenVocabulary {
	vocabulary: Vocabulary;
	/** Absolute path. */
	file: string;
	sha256: string;
	bytes: number;
	built: boolean;
	/** Needed words the vocabulary does not have (GloVe lacks them too). */
	missing: string[];
	note: string;
}

const CACHE_FILE = path.join(import.meta.dirname, '../../.cache/glove-missing.json');

async function knownMissing(): Promise<Set<string>> {
	try {
		return new Set(JSON.parse(await readFile(CACHE_FILE, 'utf8')) as string[]);
	} catch {
		return new Set();
	}
}

async function rememberMissing(words: Iterable<string>): Promise<void> {
	const all = new Set([...(await knownMissing()), ...words]);
	await mkdir(path.dirname(CACHE_FILE), { recursive: true });
	await writeFile(CACHE_FILE, JSON.stringify([...all].sort()));
}

export function neededWords(texts: Iterable<string>, minCount = 2): string[] {
	const counts = new Map<string, number>();
	for (const text of texts)
		for (const t of tokenize(text)) if (t.kind === 'word' && isWordLike(t.norm)) counts.set(t.norm, (counts.get(t.norm) ?? 0) + 1);
	return [...counts].filter(([, c]) => c >= minCount).map(([w]) => w);
}

/**
 * `words` without the ones that look like a typo of a `known` word (within the edit distance
 * the featurizer corrects: 1, or 2 from 8 letters): "stel", "fiar", "corroed" are corrected
 * to the domain word at lookup, so they must not become vocabulary rows of their own.
 */
export function withoutTyposOf(words: readonly string[], known: readonly string[]): string[] {
	const knownSet = new Set(known);
	const candidates = known.filter((k) => k.length >= 3);
	return words.filter((w) => {
		if (knownSet.has(w) || w.length < 4) return true;
		const max = w.length >= 8 ? 2 : 1;
		return !candidates.some((k) => Math.abs(k.length - w.length) <= max && editDistance(w, k, max) <= max);
	});
}

/** Candidate committed vocabularies, the preferred one first (e.g. the champion's), then newest. */
async function committed(vocabDir: string, preferred: string | null): Promise<string[]> {
	let names: string[];
	try {
		names = (await readdir(vocabDir)).filter((n) => /^[0-9a-f]{16}\.bin$/.test(n));
	} catch {
		return [];
	}
	const withTimes = await Promise.all(
		names.map(async (n) => ({ file: path.join(vocabDir, n), mtime: (await stat(path.join(vocabDir, n))).mtimeMs }))
	);
	withTimes.sort((a, b) => b.mtime - a.mtime);
	const files = withTimes.map((f) => f.file);
	if (preferred && files.includes(preferred)) return [preferred, ...files.filter((f) => f !== preferred)];
	return files;
}

async function describe(file: string, vocabulary: Vocabulary, built: boolean, missing: string[], note: string): Promise<ChosenVocabulary> {
	const bytes = await readFile(file);
	return { vocabulary, file, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength, built, missing, note };
}

export async function chooseVocabulary(options: {
	modelsDir: string;
	texts: readonly string[];
	/** Extra words to make sure of when building (the generator lexicon). */
	extraWords?: Iterable<string>;
	/** Path of the vocabulary the champion uses, tried first. */
	preferred?: string | null;
	/** False: use the best committed vocabulary even if it lacks words (quick mode); build only when there is none. */
	allowBuild?: boolean;
	onProgress?: (fraction: number) => void;
}): Promise<ChosenVocabulary> {
	const vocabDir = path.join(options.modelsDir, 'vocab');
	const needed = new Set([
		...neededWords(options.texts),
		...[...(options.extraWords ?? [])].flatMap((w) =>
			tokenize(w)
				.filter((t) => t.kind === 'word')
				.map((t) => t.norm)
		)
	]);
	const absent = await knownMissing();
	const candidates = await committed(vocabDir, options.preferred ?? null);
	let best: { file: string; vocabulary: Vocabulary; lacking: string[] } | null = null;
	for (const file of candidates) {
		const vocabulary = await loadVocabulary(file);
		const lacking = [...needed].filter((w) => vocabulary.indexOf(w) === -1);
		const unknown = lacking.filter((w) => !absent.has(w));
		if (unknown.length === 0)
			return describe(
				file,
				vocabulary,
				false,
				lacking.sort(),
				`reused ${path.basename(file)}: covers all ${needed.size} needed words that GloVe has`
			);
		if (!best || lacking.length < best.lacking.length) best = { file, vocabulary, lacking };
	}
	if (best && options.allowBuild === false) {
		return describe(
			best.file,
			best.vocabulary,
			false,
			best.lacking.sort(),
			`reused ${path.basename(best.file)} without checking GloVe (quick mode; it lacks ${best.lacking.length} words)`
		);
	}
	const built = await buildVocabulary({
		extraWords: [...(options.extraWords ?? []), ...needed],
		outDir: vocabDir,
		onProgress: options.onProgress
	});
	await rememberMissing(built.missing);
	// The committed file lacks only words GloVe does not have either: keep it (models share it).
	if (best && best.lacking.every((w) => built.missing.includes(w))) {
		if (!candidates.some((f) => path.resolve(f) === path.resolve(built.path))) await rm(built.path, { force: true });
		return describe(
			best.file,
			best.vocabulary,
			false,
			best.lacking.sort(),
			`reused ${path.basename(best.file)}: the ${best.lacking.length} words it lacks are not in GloVe either`
		);
	}
	const vocabulary = await loadVocabulary(built.path);
	return describe(built.path, vocabulary, true, built.missing, `built ${path.basename(built.path)} (${built.words} words)`);
}

/** A temp models folder starts without vocabularies: copy the committed ones so quick runs need no GloVe pass. */
export async function seedVocabularies(modelsDir: string): Promise<void> {
	const target = path.join(modelsDir, 'vocab');
	const source = path.join(DEFAULT_MODELS_DIR, 'vocab');
	if (path.resolve(target) === path.resolve(source)) return;
	const existing = await readdir(target).catch(() => [] as string[]);
	if (existing.some((n) => n.endsWith('.bin'))) return;
	const committed = (await readdir(source).catch(() => [] as string[])).filter((n) => /^[0-9a-f]{16}\.bin$/.test(n));
	if (committed.length === 0) return;
	await mkdir(target, { recursive: true });
	for (const name of committed) await copyFile(path.join(source, name), path.join(target, name));
}

/** Exactly this vocabulary file (warm start: the model was trained on its rows). */
export async function useVocabulary(file: string, note: string): Promise<ChosenVocabulary> {
	return describe(file, await loadVocabulary(file), false, [], note);
}
