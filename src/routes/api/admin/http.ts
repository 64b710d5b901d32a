/**
 * Helpers of the admin JSON APIs (/api/admin/...): admin sessions only (API keys are
 * refused by the guard), zod-validated bodies, and errors as JSON {message, code?}.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { requireRole } from '#lib/server/auth/guard.ts';
import type { AuthUser } from '#lib/server/auth/users.ts';
import { readJson } from '#lib/server/http/read-json.ts';

const MAX_BODY_BYTES = 16 * 1024;

export function requireAdmin(event: RequestEvent): AuthUser {
	return requireRole(event, ['admin']);
}

export const jsonError = (status: number, message: string, code?: string) =>
	Response.json(code ? { message, code } : { message }, { status });

/** The parsed body, or a 400 Response naming the field. */
export async function parseBody<T extends z.ZodType>(event: RequestEvent, schema: T): Promise<z.output<T> | Response> {
	const parsed = schema.safeParse(await readJson(event.request, MAX_BODY_BYTES));
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	return jsonError(400, `${issue.path.join('.') || '(body)'}: ${issue.message}`, 'INVALID_BODY');
}

const STATUS: Record<string, number> = { USER_NOT_FOUND: 404, USER_EXISTS: 409, LAST_ADMIN: 409 };

/** Runs `fn`; a CodedError from the account code becomes 400/404/409 JSON. */
export async function answer(fn: () => Promise<Response>): Promise<Response> {
	try {
		return await fn();
	} catch (e) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && e instanceof Error && /^[A-Z_]+$/.test(code) && code !== 'MIGRATION_FAILED')
			return jsonError(STATUS[code] ?? 400, e.message, code);
		throw e;
	}
}
