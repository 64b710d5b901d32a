import { describe, expect, it } from 'vitest';
import { sniff } from './detect-format.ts';
import { isBoilerplate, rowText, segment } from './segment.ts';
import type { Block } from './types.ts';

describe('segment', () => {
	it('reads a table row with its headers, skips empty cells and a repeated header row', () => {
		const headers = ['Part', 'Material', 'Year', ''];
		const blocks: Block[] = [
			{ kind: 'table-row', page: 1, text: '', cells: ['Part', 'material', 'YEAR', ''], headers },
			{ kind: 'table-row', page: 1, text: '', cells: ['Gear', '', '1980', 'poor'], headers }
		];
		expect(segment(blocks).map((p) => p.text)).toEqual(['Part: Gear; Year: 1980; poor']);
		expect(rowText(['Gear', 'iron'])).toBe('Gear; iron');
	});

	it('skips headings, page numbers, copyright lines and text without words', () => {
		const blocks: Block[] = [
			{ kind: 'heading', page: 1, text: 'Brake system' },
			{ kind: 'paragraph', page: 1, text: 'Page 4 of 12' },
			{ kind: 'paragraph', page: 1, text: '© 2026 Example GmbH. All rights reserved.' },
			{ kind: 'list-item', page: 2, text: '42' },
			{ kind: 'list-item', page: 2, text: 'Iron pipe, 1970' }
		];
		expect(segment(blocks).map((p) => [p.page, p.kind, p.text])).toEqual([[2, 'list-item', 'Iron pipe, 1970']]);
		expect(isBoilerplate('Steel bracket')).toBe(false);
	});

	it('cuts an overlong passage at a word boundary within the classifier limit', () => {
		const [p] = segment([{ kind: 'list-item', page: 1, text: 'steel bracket '.repeat(300).trim() }]);
		expect(p.text.length).toBeLessThanOrEqual(2000);
		expect(p.text.endsWith('bracket') || p.text.endsWith('steel')).toBe(true);
	});
});

describe('sniff', () => {
	it('tells images and containers from text, including text that starts like a bitmap', () => {
		const bytes = (s: string) => new TextEncoder().encode(s);
		expect(sniff(bytes('%PDF-1.7'))).toBe('pdf');
		expect(sniff(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('JPEG image');
		expect(sniff(bytes('BMW steel bracket 1999'))).toBeNull();
		expect(sniff(bytes('RIFF\0\0\0\0WEBPVP8 '))).toBe('WebP image');
	});
});
