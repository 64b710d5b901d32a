import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next.ts';

describe('safeNextPath', () => {
	it('keeps local paths, encoded so a header can carry them', () => {
		expect(safeNextPath('/inventory?q=steel')).toBe('/inventory?q=steel');
		expect(safeNextPath('/monitoring#alerts')).toBe('/monitoring#alerts');
		expect(safeNextPath('/caf\u00e9')).toBe('/caf%C3%A9');
	});

	it.each([
		['/\t/evil.example'],
		['/\n/evil.example'],
		['/\r\n/evil.example'],
		['//evil.example'],
		['/\\evil.example'],
		['https://evil.example/'],
		['javascript:alert(1)'],
		[''],
		[null]
	])('refuses %j', (next) => {
		expect(safeNextPath(next)).toBeNull();
	});

	it('an encoded tab stays an encoded path character (the browser does not decode it in Location)', () => {
		expect(safeNextPath('/%09/evil.example')).toBe('/%09/evil.example');
	});

	it('an ideographic full stop in the path stays on the site', () => {
		// "/\u3002evil.example" is a path here (URL parsing maps it only in host names).
		const path = safeNextPath('/\u3002/evil.example');
		expect(path).toBe('/%E3%80%82/evil.example');
	});
});
