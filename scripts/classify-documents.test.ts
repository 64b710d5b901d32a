/**
 * The batch CLI on documents: spawn `node scripts/classify.ts` on generated
 * specifications (TXT, Markdown) and bad files, against a tiny real model bundle, and
 * read what a user reads. With the committed champion (when this app can run it) the
 * verdicts are checked against the regulation too.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeClassifier } from '#lib/inference/load-node.ts';
import type { Classifier } from '#lib/inference/classifier.ts';
import { DEFAULT_MODELS_DIR } from '#lib/registry/models-dir.ts';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';
import { BOILERPLATE, COMPONENTS, NEVER_PASSAGES, specMd, specTxt } from '#tests/support/spec-documents.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const NODE = existsSync(path.join(ROOT, 'node_modules/.bin/node')) ? path.join(ROOT, 'node_modules/.bin/node') : process.execPath;

let dir: string;
let modelsDir: string;
let classifier: Classifier;
/** The committed champion, or null while it was built for another featurizer version. */
let champion: Classifier | null = null;

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'classify-documents-'));
	modelsDir = path.join(dir, 'models');
	await makeTinyBundle(modelsDir, { seed: 21, version: 'tiny-doc' });
	classifier = await loadNodeClassifier({ modelsDir });
	champion = await loadNodeClassifier({ modelsDir: DEFAULT_MODELS_DIR }).catch((e) => {
		if (e.code === 'UNSUPPORTED_BUNDLE') return null;
		throw e;
	});
});
afterAll(async () => {
	if (dir) await rm(dir, { recursive: true, force: true });
});

type Line = {
	document: string;
	page: number;
	passage: number;
	text: string;
	label: 0 | 1;
	probability: number;
	needsReview: boolean;
	reviewReasons: string[];
};

async function scan(name: string, content: string | Uint8Array | null, extra: string[] = []) {
	const input = path.join(dir, name);
	if (content !== null) await writeFile(input, content);
	const output = `${input}.jsonl`;
	const child = spawn(NODE, [path.join(ROOT, 'scripts/classify.ts'), '--input', input, '--output', output, ...extra], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	child.stderr.on('data', (d) => (stderr += d));
	const [code] = await once(child, 'close');
	const lines: Line[] = existsSync(output)
		? (await readFile(output, 'utf8'))
				.split('\n')
				.filter(Boolean)
				.map((l) => JSON.parse(l))
		: [];
	return { code, stderr, lines };
}

describe('npm run classify on a document', () => {
	for (const [name, text] of [
		['spec.txt', specTxt()],
		['spec.md', specMd()]
	])
		it(`writes one line per passage of ${name}: every component with its page and the model's verdict, no heading`, async () => {
			const { code, stderr, lines } = await scan(name, text, ['--models-dir', modelsDir, '--all-passages']);
			expect(code).toBe(0);
			const verdicts = await classifier.classify(COMPONENTS.map((c) => c.text));
			COMPONENTS.forEach((c, i) => {
				const v = verdicts[i];
				expect(lines).toContainEqual(
					expect.objectContaining({
						document: name,
						page: c.page,
						text: c.text,
						label: v.label,
						probability: v.probability,
						needsReview: v.needsReview,
						reviewReasons: v.reviewReasons
					})
				);
			});
			for (const t of NEVER_PASSAGES) expect(lines.some((l) => l.text.includes(t))).toBe(false);
			expect(lines.map((l) => l.passage)).toEqual(lines.map((_, i) => i + 1));
			expect(stderr).toMatch(/Scanned 3 page\(s\), 7 passages .* pages\/s/);
		});

	it('with the champion: the right verdict for every component and no finding for the boilerplate', async ({ skip }) => {
		if (!champion) skip('the committed champion needs another featurizer version (UNSUPPORTED_BUNDLE)');
		const { code, lines } = await scan('champion-spec.txt', specTxt());
		expect(code).toBe(0);
		for (const c of COMPONENTS) expect(lines).toContainEqual(expect.objectContaining({ page: c.page, text: c.text, label: c.label }));
		for (const b of BOILERPLATE) expect(lines.some((l) => l.text === b)).toBe(false);
	});

	const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
	const bad: Array<[string, string, string | Uint8Array, RegExp]> = [
		['a renamed image', 'photo.pdf', PNG, /content is a PNG image.*no text recognition \(OCR\).*\[FORMAT_MISMATCH\]/],
		[
			'an encrypted PDF',
			'locked.pdf',
			'%PDF-1.7\ntrailer\n<< /Root 1 0 R /Encrypt 9 0 R >>\n%%EOF\n',
			/encrypted \(password-protected\).*\[DOCUMENT_ENCRYPTED\]/
		],
		['a truncated DOCX', 'cut.docx', Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0, 8, 0]), /cut off.*\[DOCUMENT_CORRUPT\]/]
	];
	for (const [what, name, content, message] of bad)
		it(`fails on ${what} with a clear message and writes nothing`, async () => {
			const { code, stderr, lines } = await scan(name, content, ['--models-dir', modelsDir]);
			expect(code).toBe(1);
			expect(stderr).toMatch(message);
			expect(lines).toEqual([]);
			expect(existsSync(path.join(dir, `${name}.jsonl.partial`))).toBe(false);
		});

	it('refuses a 50 MB file without reading it', async () => {
		const input = path.join(dir, 'huge.txt');
		await writeFile(input, '');
		await truncate(input, 50 * 1024 * 1024 + 1);
		const { code, stderr } = await scan('huge.txt', null, ['--models-dir', modelsDir]);
		expect(code).toBe(1);
		expect(stderr).toMatch(/documents up to 50 MB can be scanned\. Split it .*\[DOCUMENT_TOO_LARGE\]/);
	});
});
