/**
 * The app's navigation by role: one list, so the shell, the title link and the
 * wrong-role page agree. Technicians classify and keep the inventory; analysts watch the
 * model (monitoring) and review verdicts; admins do both and manage users and models.
 */
import type { CachedUser } from '../storage/meta.ts';

export type Role = CachedUser['role'];

export interface NavLink {
	href: string;
	label: string;
	roles: readonly Role[];
}

const FIELD: readonly Role[] = ['technician', 'admin'];
const OVERSIGHT: readonly Role[] = ['analyst', 'admin'];

export const NAV_LINKS: readonly NavLink[] = [
	{ href: '/', label: 'Classify', roles: FIELD },
	{ href: '/inventory', label: 'Inventory', roles: FIELD },
	{ href: '/bulk', label: 'Bulk scan', roles: FIELD },
	{ href: '/documents', label: 'Documents', roles: FIELD },
	{ href: '/monitoring', label: 'Monitoring', roles: OVERSIGHT },
	{ href: '/review', label: 'Review', roles: OVERSIGHT },
	{ href: '/admin', label: 'Admin', roles: ['admin'] }
];

/** The links `role` sees, in order. */
export function navLinks(role: Role): NavLink[] {
	return NAV_LINKS.filter((link) => link.roles.includes(role));
}

/** Where `role` starts (the title link, and after sign-in: see server/auth/landing.ts). */
export function homePath(role: Role | null | undefined): string {
	return role === 'analyst' ? '/monitoring' : '/';
}

/** The link that `pathname` belongs to (the longest matching prefix), for aria-current. */
export function currentLink(links: readonly NavLink[], pathname: string): NavLink | undefined {
	return links
		.filter((l) => pathname === l.href || (l.href !== '/' && pathname.startsWith(`${l.href}/`)))
		.sort((a, b) => b.href.length - a.href.length)[0];
}
