import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetHash, loadLabelledCsv } from './load-csv.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'load-csv-'));
function csv(name: string, content: string): string {
	const file = path.join(dir, name);
	writeFileSync(file, content);
	return file;
}

describe('loadLabelledCsv', () => {
	it('reads quoted fields, embedded newlines, a BOM and ignores other columns', async () => {
		const file = csv(
			'ok.csv',
			'\uFEFFid,Text,label,notes\n1,"Steel bracket, 1995, good",0,x\n2,"Cast iron axle\nbuilt \'94, ""poor""",1,\n3,plain text,1,y\n'
		);
		expect(await loadLabelledCsv(file)).toEqual([
			{ text: 'Steel bracket, 1995, good', label: 0 },
			{ text: 'Cast iron axle\nbuilt \'94, "poor"', label: 1 },
			{ text: 'plain text', label: 1 }
		]);
	});

	it('names the missing column', async () => {
		await expect(loadLabelledCsv(csv('nolabel.csv', 'text,class\nsteel,0\n'))).rejects.toThrow(/no "label" column \(found: text, class\)/);
		await expect(loadLabelledCsv(csv('notext.csv', 'description,label\nsteel,0\n'))).rejects.toMatchObject({ code: 'DATASET_INVALID' });
	});

	it('reads "review" rows (cannot be decided) and the fact columns of hand-written sets', async () => {
		const file = csv(
			'facts.csv',
			'text,label,year,material,condition,phenomenon\nsteel bracket good,review,,steel,good,missing-fact\ncast housing 1990,1,1990,iron,,decisive-partial\n'
		);
		expect(await loadLabelledCsv(file)).toEqual([
			{
				text: 'steel bracket good',
				label: null,
				meta: { year: null, material: 'steel', condition: 'good', shape: 'hand-written', phenomenon: 'missing-fact' }
			},
			{
				text: 'cast housing 1990',
				label: 1,
				meta: { year: 1990, material: 'iron', condition: null, shape: 'hand-written', phenomenon: 'decisive-partial' }
			}
		]);
	});

	it('gives the line of a bad label, counting embedded newlines', async () => {
		const file = csv('badlabel.csv', 'text,label\n"two\nlines",1\nsteel bracket,yes\n');
		await expect(loadLabelledCsv(file)).rejects.toThrow(/line 4: label is "yes"; it must be 0 .*, 1 .* or "review"/);
	});

	it('reports broken quoting and missing files clearly', async () => {
		await expect(loadLabelledCsv(csv('quote.csv', 'text,label\n"open quote,1\n'))).rejects.toThrow(/line \d+: .*quote/i);
		await expect(loadLabelledCsv(path.join(dir, 'absent.csv'))).rejects.toThrow(/no such file/);
		await expect(loadLabelledCsv(csv('empty.csv', 'text,label\n'))).rejects.toThrow(/no data rows/);
	});
});

describe('datasetHash', () => {
	it('changes with any text or label and not otherwise', () => {
		const a = [
			{ text: 'steel', label: 0 as const },
			{ text: 'iron', label: 1 as const }
		];
		expect(datasetHash(a)).toMatch(/^[0-9a-f]{64}$/);
		expect(datasetHash(a)).toBe(datasetHash(a.map((s) => ({ ...s, meta: undefined }))));
		expect(datasetHash(a)).not.toBe(datasetHash([a[0], { text: 'iron', label: 0 }]));
		expect(datasetHash(a)).not.toBe(datasetHash([a[1], a[0]]));
		// A separator inside a text cannot forge another dataset.
		expect(datasetHash([{ text: 'a\t0\nb', label: 1 }])).not.toBe(
			datasetHash([
				{ text: 'a', label: 0 },
				{ text: 'b', label: 1 }
			])
		);
	});
});
