/**
 * Which outbox entries go in the next push: oldest first, at most one per record (a
 * record's next change needs the version the server gives the previous one). An entry
 * is frozen on its first attempt (baseVersion recorded, payload never changed again),
 * so a resend after a lost response is the very same change and the server ignores it.
 */
import type { Change } from './protocol.ts';
import type { OutboxEntry } from '../storage/schema.ts';

export interface PushPlan {
	changes: Change[];
	/** Entries sent for the first time, now frozen: store them before sending. */
	frozen: OutboxEntry[];
}

/** `entries` in outbox order (by seq); `versionOf` gives the server version the device knows. */
export function selectPush(entries: readonly OutboxEntry[], versionOf: (recordId: string) => number, max: number): PushPlan {
	const records = new Set<string>();
	const changes: Change[] = [];
	const frozen: OutboxEntry[] = [];
	for (const entry of entries) {
		if (changes.length >= max) break;
		if (records.has(entry.recordId)) continue;
		records.add(entry.recordId);
		let sent = entry;
		if (!entry.attempted || entry.sentBaseVersion === null) {
			sent = { ...entry, attempted: true, sentBaseVersion: versionOf(entry.recordId) };
			frozen.push(sent);
		}
		changes.push({ changeId: sent.changeId, baseVersion: sent.sentBaseVersion as number, record: sent.record });
	}
	return { changes, frozen };
}
