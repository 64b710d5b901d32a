import { describe, expect, it } from 'vitest';
import { currentLink, homePath, navLinks } from './nav-links.ts';

describe('role-aware navigation', () => {
	it('gives each role its own pages', () => {
		const labels = (role: Parameters<typeof navLinks>[0]) => navLinks(role).map((l) => l.label);
		expect(labels('technician')).toEqual(['Classify', 'Inventory', 'Bulk scan', 'Documents']);
		expect(labels('analyst')).toEqual(['Monitoring', 'Review']);
		expect(labels('admin')).toEqual(['Classify', 'Inventory', 'Bulk scan', 'Documents', 'Monitoring', 'Review', 'Admin']);
	});

	it('sends analysts home to monitoring, everyone else to classify', () => {
		expect(homePath('analyst')).toBe('/monitoring');
		expect(homePath('technician')).toBe('/');
		expect(homePath('admin')).toBe('/');
		expect(homePath(null)).toBe('/');
	});

	it('marks the section of nested pages, and only that one', () => {
		const links = navLinks('admin');
		expect(currentLink(links, '/admin/users')?.label).toBe('Admin');
		expect(currentLink(links, '/')?.label).toBe('Classify');
		expect(currentLink(links, '/monitoring')?.label).toBe('Monitoring');
		expect(currentLink(links, '/nowhere')).toBeUndefined();
	});
});
