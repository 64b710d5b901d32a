/**
 * One sync run: push the outbox in batches, pull everything since the cursor, apply
 * each response in one transaction. Outbox entries leave only when a response naming
 * them was applied, and each change keeps its changeId across resends, so a network
 * drop mid-sync neither loses nor duplicates anything.
 */
// Types only: Kit refuses to ship anything from lib/server to the browser.
import { MAX_CHANGES_PER_PUSH, type Change, type SyncRequest, type SyncResponse } from './protocol.ts';
import { applySyncResponse, nextPush, syncCursor } from '../storage/outbox-store.ts';
import { postJson, type FetchLike } from '../network/post-json.ts';

export interface SyncReport {
	pushed: number;
	pulled: number;
	/** Records where a later edit on the server replaced this device's edit. */
	overwritten: string[];
}

export interface SyncStorage {
	nextPush(max: number): Promise<Change[]>;
	cursor(): Promise<string | null>;
	apply(response: SyncResponse): Promise<{ overwritten: string[] }>;
}

const idbStorage: SyncStorage = { nextPush, cursor: syncCursor, apply: applySyncResponse };

/** Safety stop for a server that keeps saying `more` (a bug, not a big inventory). */
const MAX_ROUNDS = 10_000;

export async function runSync(options: { fetch?: FetchLike; storage?: SyncStorage; batchSize?: number } = {}): Promise<SyncReport> {
	const storage = options.storage ?? idbStorage;
	const batchSize = Math.min(options.batchSize ?? MAX_CHANGES_PER_PUSH, MAX_CHANGES_PER_PUSH);
	const report: SyncReport = { pushed: 0, pulled: 0, overwritten: [] };
	for (let round = 0; round < MAX_ROUNDS; round++) {
		const changes = await storage.nextPush(batchSize);
		const request: SyncRequest = { cursor: await storage.cursor(), changes };
		const response = await postJson<SyncResponse>('/api/sync', request, { fetch: options.fetch });
		const applied = await storage.apply(response);
		report.pushed += response.results.filter((r) => r.status !== 'duplicate').length;
		report.pulled += response.changes.length;
		report.overwritten.push(...applied.overwritten);
		if (changes.length === 0 && !response.more) break;
	}
	return report;
}
