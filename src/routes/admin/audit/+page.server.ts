import type { PageServerLoad } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { auditOf, findItems } from '#lib/server/audit/audit.ts';
import { rowToRecord } from '#lib/server/sync/sync.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ url }) => {
	const db = (await serverContext()).database.db;
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const itemId = url.searchParams.get('item');
	const items = q ? await findItems(db, q) : [];
	if (!itemId || !UUID.test(itemId)) return { q, items, item: null, entries: [] };
	const row = await db.selectFrom('inventory').selectAll().where('id', '=', itemId.toLowerCase()).executeTakeFirst();
	return { q, items, item: row ? rowToRecord(row) : null, itemId, entries: await auditOf(db, itemId.toLowerCase()) };
};
