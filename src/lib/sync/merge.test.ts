import { describe, expect, it } from 'vitest';
import type { InventoryRecord, SyncResponse } from './protocol.ts';
import type { InventoryItem, OutboxEntry } from '../storage/schema.ts';
import { planMerge } from './merge.ts';
import { toRecordInput } from './records.ts';
import { inventoryItem } from '../testing/inventory-item.ts';

const id = '11111111-1111-4111-8111-111111111111';

const local = (extra: Partial<InventoryItem> = {}): InventoryItem => inventoryItem({ id, version: 1, eventId: 'e1', ...extra });

function server(extra: Partial<InventoryRecord> = {}): InventoryRecord {
	return { ...toRecordInput(local()), createdBy: 'other', version: 2, description: 'Steel bracket 1999, repainted', ...extra };
}

function entry(changeId: string, attempted: boolean, item = local()): OutboxEntry {
	return { changeId, recordId: id, seq: 1, record: toRecordInput(item), sentBaseVersion: attempted ? 1 : null, attempted, queuedAt: 0 };
}

const response = (r: Partial<SyncResponse>): SyncResponse => ({ cursor: '9', more: false, changes: [], results: [], conflicts: [], ...r });

describe('applying a sync response', () => {
	it('takes a pulled record when nothing is pending here, keeping what only this device knows', () => {
		const plan = planMerge(response({ changes: [server()] }), { items: new Map([[id, local()]]), outbox: new Map() });
		expect(plan.putItems[0]).toMatchObject({ description: 'Steel bracket 1999, repainted', version: 2, eventId: 'e1' });
		expect(plan.cursor).toBe('9');
	});

	it('keeps a local edit that is still waiting to be sent (the server decides when it arrives)', () => {
		const mine = local({ description: 'Steel bracket 1999, cracked' });
		const plan = planMerge(response({ changes: [server()] }), {
			items: new Map([[id, mine]]),
			outbox: new Map([['c1', entry('c1', false, mine)]])
		});
		expect(plan.putItems).toEqual([]);
		expect(plan.deleteOutbox).toEqual([]);
	});

	it('when the server rejects an edit, shows the winner and drops unsent edits built on the loser', () => {
		const winner = server({ version: 3 });
		const plan = planMerge(
			response({
				results: [{ changeId: 'c1', id, status: 'rejected', version: 3 }],
				conflicts: [{ id, changeId: 'c1', winner: 'server', current: winner, loser: server({ version: 1 }) }]
			}),
			{
				items: new Map([[id, local()]]),
				outbox: new Map([
					['c1', entry('c1', true)],
					['c2', entry('c2', false)]
				])
			}
		);
		expect(plan.overwritten).toEqual([id]);
		expect(plan.putItems[0].description).toBe('Steel bracket 1999, repainted');
		expect(plan.deleteOutbox.sort()).toEqual(['c1', 'c2']);
	});

	it('confirms an applied change and forgets a tombstone the server now has', () => {
		const gone = local({ deleted: true });
		const plan = planMerge(response({ results: [{ changeId: 'c1', id, status: 'applied', version: 2 }] }), {
			items: new Map([[id, gone]]),
			outbox: new Map([['c1', entry('c1', true, gone)]])
		});
		expect(plan.deleteOutbox).toEqual(['c1']);
		expect(plan.deleteItems).toEqual([id]);
	});
});
