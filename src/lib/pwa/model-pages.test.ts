import { describe, expect, it } from 'vitest';
import { usesModel } from './model-pages.ts';

describe('usesModel', () => {
	it('is true on the pages that classify', () => {
		for (const path of ['/', '/inventory', '/inventory/', '/bulk', '/documents', '/documents/x']) expect(usesModel(path), path).toBe(true);
	});

	it('is false on admin, monitoring, review, account and look-alike paths', () => {
		for (const path of ['/admin', '/admin/models', '/monitoring', '/review', '/account', '/login', '/bulky', '/inventory-x'])
			expect(usesModel(path), path).toBe(false);
	});
});
