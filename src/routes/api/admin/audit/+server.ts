/**
 * GET /api/admin/audit?item=ID -> {item: InventoryRecord | null, entries: AuditEntry[]}
 *   every applied (or refused) sync change of the item: who, when, change id, before, after.
 * GET /api/admin/audit?q=TEXT -> {items}: items whose id, description or part number match.
 */
import type { RequestHandler } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { auditOf, findItems } from '#lib/server/audit/audit.ts';
import { rowToRecord } from '#lib/server/sync/sync.ts';
import { auditQuerySchema as querySchema } from '#lib/server/admin/schemas.ts';
import { jsonError, requireAdmin } from '../http.ts';

export const GET: RequestHandler = async (event) => {
	requireAdmin(event);
	const parsed = querySchema.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) return jsonError(400, 'give item=<item id (UUID)> or q=<text to search>', 'INVALID_QUERY');
	const db = (await serverContext()).database.db;
	if ('q' in parsed.data) return Response.json({ items: await findItems(db, parsed.data.q) });
	const id = parsed.data.item;
	const row = await db.selectFrom('inventory').selectAll().where('id', '=', id).executeTakeFirst();
	return Response.json({ item: row ? rowToRecord(row) : null, entries: await auditOf(db, id) });
};
