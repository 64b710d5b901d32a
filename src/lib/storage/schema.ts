/**
 * The one IndexedDB schema of the PWA (opened only by database.ts). Every store is
 * typed here; a change of shape means a new DB_VERSION and a step in migrations.ts.
 */
import type { DBSchema } from 'idb';
import type { RecordInput, RecordReview } from '../sync/protocol.ts';
import type { TelemetryEventInput } from '../telemetry/event.ts';

export const DB_NAME = 'compliance-app';
export const DB_VERSION = 3;

export type Label = 0 | 1;

/** A component as this device keeps it. */
export interface InventoryItem {
	id: string;
	description: string;
	/**
	 * The part number from a bulk scan's "id" column (null or absent when there was none;
	 * absent on items saved before it existed, so no migration is needed).
	 */
	partNumber?: string | null;
	/** The model's label (0 compliant, 1 non-compliant). */
	label: Label;
	/** P(non-compliant). */
	probability: number;
	modelVersion: string;
	needsReview: boolean;
	/** Why it needs review ("low confidence", ...); empty when it does not. */
	reviewReasons: string[];
	/** A technician's correction; the effective label is override.label when set. */
	override: { label: Label; reason: string } | null;
	createdBy: string;
	createdAt: string;
	updatedAt: string;
	/** Tombstone: hidden locally, kept until the server confirmed the delete. */
	deleted: boolean;
	/** Server version this copy is based on (0 = never confirmed by the server). */
	version: number;
	/** Telemetry event of the prediction, so an override can amend it. */
	eventId: string | null;
	tokenCount: number;
	oovCount: number;
	/** An analyst's review of this description, pulled from the server (absent until there is one; no migration needed). */
	review?: RecordReview | null;
	/** Where a finding came from when it was added from a scanned document (kept on this device only). */
	source?: { document: string; page: number } | null;
}

/** A pending change for POST /api/sync. Removed only after the server confirmed it. */
export interface OutboxEntry {
	changeId: string;
	recordId: string;
	/** Order of changes on this device. */
	seq: number;
	record: RecordInput;
	/** baseVersion as last sent; null until the first attempt (then it never changes). */
	sentBaseVersion: number | null;
	/** Set once a request carried it: from then on its payload is frozen (the server may have it). */
	attempted: boolean;
	queuedAt: number;
}

export interface QueuedEvent {
	eventId: string;
	event: TelemetryEventInput;
	queuedAt: number;
}

/**
 * One item whose verdict the re-scan under a new model changed (or, for an item with a
 * human label, where the new model disagrees with that label). Kept per model version.
 */
export interface RescanChange {
	/** The inventory item's id. */
	id: string;
	/** The model version of the re-scan. */
	model: string;
	description: string;
	partNumber: string | null;
	/** The effective label before the re-scan (the human label when there is one). */
	from: Label;
	/** The new model's label. */
	to: Label;
	probability: number;
	/** True when a technician's override (or a review) holds the label: it stays, the item is listed. */
	human: boolean;
}

export interface AppDB extends DBSchema {
	inventory: {
		key: string;
		value: InventoryItem;
		indexes: { 'by-updated': string };
	};
	outbox: {
		key: string;
		value: OutboxEntry;
		indexes: { 'by-seq': number; 'by-record': string };
	};
	telemetry: {
		key: string;
		value: QueuedEvent;
		indexes: { 'by-queued': number };
	};
	/** v3: verdicts changed by a re-scan under a new model (see src/lib/storage/rescan-store.ts). */
	rescan: {
		key: [string, string];
		value: RescanChange;
		indexes: { 'by-model': string };
	};
	/** Small key/value settings and sync state (device id, cursor, cached user, ...). */
	meta: {
		key: string;
		value: unknown;
	};
}
