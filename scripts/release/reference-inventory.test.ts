import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countVerdictChanges, readInventoryTexts } from './reference-inventory.ts';

describe('verdict changes on a reference inventory', () => {
	it('counts rows that change verdict, both ways, with a few examples', () => {
		const texts = ['steel bracket, 1997, good', 'carbon fibre hood, 2012, fair', 'iron gear, 1970, poor', 'steel rail, 2010, good'];
		const changes = countVerdictChanges(texts, [0, 1, 1, 0], [1, 0, 1, 0], 'models/eval/realistic.csv');
		expect(changes).toEqual({
			file: 'models/eval/realistic.csv',
			rows: 4,
			toNonCompliant: 1,
			toCompliant: 1,
			examples: [
				{ text: 'steel bracket, 1997, good', from: 0, to: 1 },
				{ text: 'carbon fibre hood, 2012, fair', from: 1, to: 0 }
			]
		});
	});

	it('reads the text column of any CSV, and says what is missing otherwise', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'reference-'));
		const good = path.join(dir, 'inv.csv');
		await writeFile(good, 'id,text\n1,"steel bracket, 1997"\n2,\n3,Iron gear\n');
		expect(await readInventoryTexts(good)).toEqual(['steel bracket, 1997', 'Iron gear']);
		const bad = path.join(dir, 'bad.csv');
		await writeFile(bad, 'id,description\n1,x\n');
		await expect(readInventoryTexts(bad)).rejects.toThrow(/no "text" column/);
	});
});
