/** Form actions of the admin pages: the admin check, and account errors shown as plain messages. */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { requireRole } from '#lib/server/auth/guard.ts';
import type { AuthUser } from '#lib/server/auth/users.ts';

export function adminOf(event: RequestEvent): AuthUser {
	return requireRole(event, ['admin']);
}

/** Runs an action; a coded error (unknown user, weak password, ...) becomes a 400 with its message. */
export async function act<T extends Record<string, unknown>>(fn: () => Promise<T>) {
	try {
		return await fn();
	} catch (e) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && e instanceof Error) return fail(400, { message: e.message });
		throw e;
	}
}

export function field(data: FormData, name: string): string {
	const v = data.get(name);
	return typeof v === 'string' ? v.trim() : '';
}
