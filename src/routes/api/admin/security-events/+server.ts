/**
 * GET /api/admin/security-events?limit=100&before=ISO&kind=KIND&username=NAME  (admin)
 * -> 200 {events: SecurityEvent[]} newest first (src/lib/server/security-log/record.ts)
 * -> 400 bad query, 401 / 403
 */
import { error, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { listSecurityEvents, SECURITY_EVENT_KINDS } from '#lib/server/security-log/record.ts';

const query = z.object({
	limit: z.coerce.number().int().min(1).max(1000).default(100),
	before: z.iso.datetime({ offset: true }).optional(),
	kind: z.enum(SECURITY_EVENT_KINDS).optional(),
	username: z.string().min(1).max(64).optional()
});

export const GET: RequestHandler = async (event) => {
	requireRole(event, ['admin']);
	const parsed = query.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		error(400, `${issue.path.join('.')}: ${issue.message}. Use limit=1..1000, before=ISO time, kind=${SECURITY_EVENT_KINDS.join('|')}.`);
	}
	const { before, ...rest } = parsed.data;
	const events = await listSecurityEvents((await serverContext()).database.db, {
		...rest,
		before: before ? Date.parse(before) : undefined
	});
	return Response.json({ events }, { headers: { 'cache-control': 'no-store' } });
};
