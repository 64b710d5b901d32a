import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRows, type InputRow } from './read-rows.ts';

async function rows(csv: string, chunkBytes?: number): Promise<InputRow[]> {
	const bytes = Buffer.from(csv);
	const chunks: Buffer[] = [];
	const size = chunkBytes ?? bytes.length;
	for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
	const out: InputRow[] = [];
	for await (const r of readRows(Readable.from(chunks))) out.push(r);
	return out;
}

describe('readRows', () => {
	it('reads quoted fields with commas, doubled quotes and line breaks', async () => {
		const csv = 'id,text\nA1,"Steel bracket, new, 1999"\nA2,"He said ""plastic"" 1980"\nA3,"Iron pipe\nfair condition\n1970"\n';
		expect(await rows(csv)).toEqual([
			{ row: 1, id: 'A1', text: 'Steel bracket, new, 1999' },
			{ row: 2, id: 'A2', text: 'He said "plastic" 1980' },
			{ row: 3, id: 'A3', text: 'Iron pipe\nfair condition\n1970' }
		]);
	});

	it('numbers rows from 1 when there is no id column, ignores other columns, accepts any header case and a BOM', async () => {
		const csv = '\uFEFFplant, Text ,qty\r\nNorth,Steel 1999,3\r\nSouth,Iron 1980,4\r\n';
		expect(await rows(csv)).toEqual([
			{ row: 1, id: 1, text: 'Steel 1999' },
			{ row: 2, id: 2, text: 'Iron 1980' }
		]);
	});

	it('keeps an inch mark inside an unquoted field as text', async () => {
		expect(await rows('text\nSteel 12" pipe 1999\n')).toEqual([{ row: 1, id: 1, text: 'Steel 12" pipe 1999' }]);
	});

	it('reports broken rows in place and goes on, whatever the read chunk size', async () => {
		const csv = 'id,text\n1,ok one\n2,too,many\n3,ok three\n4,"never closed\n';
		for (const chunk of [undefined, 1, 7]) {
			const out = await rows(csv, chunk);
			expect(out.map((r) => r.row)).toEqual([1, 2, 3, 4]);
			expect(out.map((r) => ('error' in r ? r.error.code : r.text))).toEqual(['ok one', 'MALFORMED_ROW', 'ok three', 'MALFORMED_ROW']);
			// A broken row's id column cannot be trusted, so it is identified by its row number.
			expect(out[1].id).toBe(2);
			expect('error' in out[1] && out[1].error.message).toMatch(/line 3/);
		}
	});

	it('skips blank lines and passes empty texts on for the classifier to reject', async () => {
		expect(await rows('id,text\n1,\n\n2,Steel 1999\n')).toEqual([
			{ row: 1, id: '1', text: '' },
			{ row: 2, id: '2', text: 'Steel 1999' }
		]);
	});

	it('fails with a clear message when the header has no text column', async () => {
		await expect(rows('id,description\n1,Steel\n')).rejects.toMatchObject({
			code: 'MISSING_TEXT_COLUMN',
			message: expect.stringMatching(/no "text" column \(found "id", "description"\)/)
		});
	});

	it('says so when the file uses semicolons or tabs instead of commas', async () => {
		await expect(rows('id;text\n1;Steel\n')).rejects.toThrow(/separate columns with semicolons/);
		await expect(rows('id\ttext\n1\tSteel\n')).rejects.toThrow(/separate columns with tabs/);
	});

	it('fails on an empty input and on two text columns', async () => {
		await expect(rows('')).rejects.toMatchObject({ code: 'MISSING_TEXT_COLUMN' });
		await expect(rows('text,TEXT\na,b\n')).rejects.toMatchObject({ code: 'DUPLICATE_COLUMN' });
	});
});
