import type { Role } from '../db/schema.ts';

/** Where to go after signing in: `next` if it is a local path, else the role's home page. */
export function landingPath(role: Role, next: string | null): string {
	if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) return next;
	return role === 'analyst' ? '/monitoring' : '/';
}
