/**
 * The batch CLI end to end: spawn `node scripts/classify.ts` on CSV files against a
 * tiny real model bundle and read what a user would read (output file, stderr, exit code).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeClassifier } from '../src/lib/inference/load-node.ts';
import type { Classifier } from '../src/lib/inference/classifier.ts';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const NODE = existsSync(path.join(ROOT, 'node_modules/.bin/node')) ? path.join(ROOT, 'node_modules/.bin/node') : process.execPath;
// Prints the peak resident set size (KiB) when the CLI exits.
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`;

let dir: string;
let modelsDir: string;
let classifier: Classifier;

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'classify-cli-'));
	modelsDir = path.join(dir, 'models');
	await makeTinyBundle(modelsDir, { seed: 11, version: 'tiny-old' });
	await makeTinyBundle(modelsDir, { seed: 12, version: 'tiny-new' });
	classifier = await loadNodeClassifier({ modelsDir });
});
afterAll(async () => {
	if (dir) await rm(dir, { recursive: true, force: true });
});

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

async function cli(args: string[], nodeArgs: string[] = []): Promise<Run> {
	const child = spawn(NODE, [...nodeArgs, path.join(ROOT, 'scripts/classify.ts'), ...args], {
		cwd: dir,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (d) => (stdout += d));
	child.stderr.on('data', (d) => (stderr += d));
	const [code] = await once(child, 'close');
	return { code, stdout, stderr };
}

async function classifyCsv(csv: string, extra: string[] = []): Promise<{ run: Run; lines: Record<string, unknown>[] }> {
	const input = path.join(dir, `in-${Math.random().toString(36).slice(2)}.csv`);
	const output = input.replace(/\.csv$/, '.jsonl');
	await writeFile(input, csv);
	const run = await cli(['--input', input, '--output', output, '--models-dir', modelsDir, ...extra]);
	const lines = existsSync(output)
		? (await readFile(output, 'utf8'))
				.split('\n')
				.filter(Boolean)
				.map((l) => JSON.parse(l))
		: [];
	return { run, lines };
}

describe('npm run classify', () => {
	it('classifies every row in order with the ids, quoting and line breaks of the CSV', async () => {
		const texts = [
			'Steel bracket, new, made in 2010',
			'Iron pipe from 1970, "fair" condition',
			'Plastic housing\nin poor condition\n1985',
			'Carbon fiber panel 2019'
		];
		const csv = 'plant,id,text\n' + texts.map((t, i) => `north,P-${i + 1},"${t.replaceAll('"', '""')}"`).join('\n') + '\n';
		const { run, lines } = await classifyCsv(csv);
		expect(run.code).toBe(0);
		const expected = await classifier.classify(texts);
		expect(lines).toEqual(
			expected.map((c, i) => ({
				id: `P-${i + 1}`,
				label: c.label,
				probability: c.probability,
				needsReview: c.needsReview,
				reviewReasons: c.reviewReasons,
				model: 'tiny-new'
			}))
		);
		expect(run.stderr).toMatch(/Classified 4 rows .* with model tiny-new: .*0 errors/);
	});

	it('reports bad rows in place as error objects and goes on', async () => {
		const long = 'steel '.repeat(400);
		const csv =
			['id,text', 'a,Steel bracket 2010', 'b,', `c,${long}`, 'd,one,too many', 'e,Iron pipe 1970', 'f,"never closed'].join('\n') + '\n';
		const { run, lines } = await classifyCsv(csv);
		expect(run.code).toBe(0);
		expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'c', 4, 'e', 6]);
		expect(lines.map((l) => (l.error as { code?: string } | undefined)?.code ?? l.label)).toEqual([
			lines[0].label,
			'EMPTY_TEXT',
			'TEXT_TOO_LONG',
			'MALFORMED_ROW',
			lines[4].label,
			'MALFORMED_ROW'
		]);
		expect(lines[3]).toMatchObject({ row: 4, error: { message: expect.stringMatching(/line 5/) } });
		expect(run.stderr).toMatch(/4 errors \(EMPTY_TEXT 1, TEXT_TOO_LONG 1, MALFORMED_ROW 2\)/);
	});

	it('numbers rows from 1 when there is no id column, and uses the version given with --model', async () => {
		const { run, lines } = await classifyCsv('text\nSteel 2010\nIron 1970\n', ['--model', 'tiny-old']);
		expect(run.code).toBe(0);
		const old = await loadNodeClassifier({ modelsDir, version: 'tiny-old' });
		const expected = await old.classify(['Steel 2010', 'Iron 1970']);
		expect(lines).toEqual(
			expected.map((c, i) => ({
				id: i + 1,
				label: c.label,
				probability: c.probability,
				needsReview: c.needsReview,
				reviewReasons: c.reviewReasons,
				model: 'tiny-old'
			}))
		);
	});

	it('fails without output when the text column is missing', async () => {
		const { run, lines } = await classifyCsv('id,description\n1,Steel 2010\n');
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/no "text" column \(found "id", "description"\)/);
		expect(lines).toEqual([]);
	});

	it('fails with the registered versions when the model version is unknown', async () => {
		const { run, lines } = await classifyCsv('text\nSteel 2010\n', ['--model', 'v-missing']);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/"v-missing" is not in the registry\. Registered versions: tiny-old, tiny-new/);
		expect(lines).toEqual([]);
	});

	it('fails on an unreadable input and on wrong usage, and explains itself with --help', async () => {
		const missing = await cli(['--input', path.join(dir, 'nope.csv'), '--output', path.join(dir, 'nope.jsonl'), '--models-dir', modelsDir]);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/Cannot read the input .*nope\.csv: the file does not exist/);
		const usage = await cli(['--input', 'x.csv']);
		expect(usage.code).toBe(2);
		expect(usage.stderr).toMatch(/--output FILE\.jsonl is required/);
		const help = await cli(['--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toMatch(/--input FILE[\s\S]*--output FILE[\s\S]*--model VERSION[\s\S]*--models-dir DIR/);
	});

	it('removes its partial output when interrupted with Ctrl+C', async () => {
		const input = path.join(dir, 'interrupt.csv');
		const output = path.join(dir, 'interrupt.jsonl');
		await writeFile(input, 'text\n' + 'Steel bracket in good condition, made in 2001\n'.repeat(300_000));
		const child = spawn(NODE, [path.join(ROOT, 'scripts/classify.ts'), '-i', input, '-o', output, '--models-dir', modelsDir], {
			stdio: ['ignore', 'ignore', 'pipe']
		});
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		// Interrupt once the model is loaded and output is being written.
		const poll = setInterval(() => {
			if (existsSync(`${output}.partial`)) {
				clearInterval(poll);
				child.kill('SIGINT');
			}
		}, 20);
		const [code] = await once(child, 'close');
		clearInterval(poll);
		expect(code).toBe(130);
		expect(stderr).toMatch(/Interrupted; no output was written/);
		expect(existsSync(output)).toBe(false);
		expect(existsSync(`${output}.partial`)).toBe(false);
	});

	it('streams: a 200k-row file needs no more memory than a small one', { timeout: 300_000 }, async () => {
		// Each row carries a 600-byte column the CLI ignores, so the file (~130 MB) is far
		// bigger than any allowance below: holding it in memory would fail the check.
		const write = async (file: string, rows: number) => {
			const out = createWriteStream(file);
			out.write('id,text,notes\n');
			const notes = 'x'.repeat(600);
			for (let i = 0; i < rows; i++) {
				const line = `r${i},"${['steel', 'iron', 'plastic'][i % 3]} bracket, made in ${1950 + (i % 70)}",${notes}\n`;
				if (!out.write(line)) await once(out, 'drain');
			}
			out.end();
			await once(out, 'finish');
		};
		const peak = async (file: string, rows: number) => {
			await write(file, rows);
			const output = file.replace(/\.csv$/, '.jsonl');
			const run = await cli(['--input', file, '--output', output, '--models-dir', modelsDir, '--threads', '1'], ['--import', REPORT_RSS]);
			expect(run.code).toBe(0);
			const count = (await readFile(output, 'utf8')).split('\n').filter(Boolean).length;
			expect(count).toBe(rows);
			await rm(file);
			await rm(output);
			return Number(/maxrss=(\d+)/.exec(run.stderr)?.[1]) / 1024;
		};
		const small = await peak(path.join(dir, 'small.csv'), 1_000);
		const bigFile = path.join(dir, 'big.csv');
		const big = await peak(bigFile, 200_000);
		expect(big).toBeLessThan(small + 64);
	});
});
