/** Typed factories for inventory records and sync changes (what a device pushes) in tests. */
import type { Change, RecordInput } from '#lib/sync/protocol.ts';

/** A new, unreviewed, compliant record made 2026-11-01 10:00 UTC by model v1, with `overrides` on top. */
export function recordInput(overrides: Partial<RecordInput> = {}): RecordInput {
	return {
		id: crypto.randomUUID(),
		description: 'Steel component manufactured in 1995 in good condition',
		label: 0,
		probability: 0.1,
		modelVersion: 'v1',
		needsReview: false,
		override: null,
		createdAt: '2026-11-01T10:00:00.000Z',
		updatedAt: '2026-11-01T10:00:00.000Z',
		deleted: false,
		...overrides
	};
}

/** One change of a sync push: `record` edited on top of server version `baseVersion` (0: new). */
export function changeOf(record: RecordInput, baseVersion = 0): Change {
	return { changeId: crypto.randomUUID(), baseVersion, record };
}
