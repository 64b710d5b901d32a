/**
 * Inventory sync protocol (POST /api/sync), shared shapes for the PWA and the server.
 *
 * Request  {cursor: string | null, changes: Change[]}     (at most 500 changes)
 * Response {cursor, more, changes: InventoryRecord[], results: ChangeResult[], conflicts: Conflict[]}
 *
 * A change carries a client-generated `changeId` (a resend is recognised and not
 * applied twice) and the `baseVersion` it was edited from (0 for a new record). When
 * baseVersion is stale the later `updatedAt` wins; the loser is kept in history and
 * reported in `conflicts`. Pull returns every record changed after `cursor`, in
 * order, up to 1000 at a time (`more` says to call again with the new cursor).
 */
import { z } from '#lib/zod.ts';

export const MAX_CHANGES_PER_PUSH = 500;
export const MAX_RECORDS_PER_PULL = 1000;

const label = z.literal([0, 1]);

export const recordInputSchema = z
	.object({
		id: z.uuid().toLowerCase(),
		description: z.string().trim().min(1).max(2000),
		/** Part number from a bulk scan's "id" column; optional so older clients keep working. */
		partNumber: z.string().trim().min(1).max(200).nullable().optional(),
		/** A document finding's source (file name, page); optional so older clients keep working. */
		source: z
			.object({ document: z.string().trim().min(1).max(300), page: z.number().int().min(1).max(1_000_000) })
			.strict()
			.nullable()
			.optional(),
		label,
		probability: z.number().min(0).max(1),
		modelVersion: z.string().min(1).max(64),
		needsReview: z.boolean(),
		override: z.object({ label, reason: z.string().trim().min(1).max(500) }).nullable(),
		createdAt: z.iso.datetime({ offset: true }),
		updatedAt: z.iso.datetime({ offset: true }),
		deleted: z.boolean()
	})
	.strict();

export const changeSchema = z
	.object({
		changeId: z.uuid().toLowerCase(),
		baseVersion: z.number().int().min(0),
		record: recordInputSchema
	})
	.strict();

export const syncRequestSchema = z
	.object({
		cursor: z
			.string()
			.regex(/^\d{1,15}$/, 'cursor must be a value returned by a previous sync, or null')
			.nullable(),
		changes: z.array(changeSchema).max(MAX_CHANGES_PER_PUSH)
	})
	.strict();

export type RecordInput = z.infer<typeof recordInputSchema>;
export type Change = z.infer<typeof changeSchema>;
export type SyncRequest = z.infer<typeof syncRequestSchema>;

/**
 * An analyst's review of a record (POST /api/review/{id}), pulled back to the devices.
 * Set by the server only: a push never carries it.
 */
export interface RecordReview {
	decision: 'confirm' | 'correct' | 'reject';
	/** The reviewed label; null when rejected (not usable as a label). */
	label: 0 | 1 | null;
	note: string | null;
	reviewer: string;
	reviewedAt: string;
	/** The model version whose verdict was reviewed. */
	modelVersion: string;
}

/** A record as the server stores and returns it. */
export interface InventoryRecord extends RecordInput {
	/** Username of whoever first pushed it (set by the server). */
	createdBy: string;
	/** Server version, 1 on creation, +1 per applied change. */
	version: number;
	/** The review of this description, if any (absent from older servers). */
	review?: RecordReview | null;
}

export interface ChangeResult {
	changeId: string;
	id: string;
	/** applied: stored; rejected: lost to a later edit (see conflicts); duplicate: already received. */
	status: 'applied' | 'rejected' | 'duplicate';
	/** The record's version after this change (the winner's version when rejected). */
	version: number;
}

export interface Conflict {
	id: string;
	changeId: string;
	winner: 'client' | 'server';
	/** The record as stored now. */
	current: InventoryRecord;
	/** The losing copy (kept in the server's history). */
	loser: InventoryRecord;
}

export interface SyncResponse {
	cursor: string;
	more: boolean;
	changes: InventoryRecord[];
	results: ChangeResult[];
	conflicts: Conflict[];
}
