/**
 * Table types for Kysely. Portable across SQLite and PostgreSQL: times are epoch
 * milliseconds (bigint, parsed to number), booleans are 0/1 integers, ids are text.
 */
export type Role = 'technician' | 'analyst' | 'admin';
export const ROLES: readonly Role[] = ['technician', 'analyst', 'admin'];

export interface UsersTable {
	id: string;
	username: string;
	password_hash: string | null;
	role: Role;
	disabled: number;
	created_at: number;
	updated_at: number;
}

export interface SessionsTable {
	/** sha256 (hex) of the cookie token; the token itself is never stored. */
	token_hash: string;
	user_id: string;
	created_at: number;
	expires_at: number;
	/** Last request with this session (idle timeout); null until the first one after sign-in. Migration 0013. */
	last_seen_at: number | null;
}

export interface ApiKeysTable {
	id: string;
	user_id: string;
	/** sha256 (hex) of the key. */
	key_hash: string;
	/** First characters of the key, to recognise it in `key list`. */
	prefix: string;
	created_at: number;
	last_used_at: number | null;
	revoked_at: number | null;
	/** Comma-separated ApiKeyScope values (migration 0008). */
	scopes: string;
	/** Epoch ms after which the key stops working; null = never. */
	expires_at: number | null;
}

export interface InventoryTable {
	id: string;
	description: string;
	/** Part number from a bulk scan's "id" column (migration 0004). */
	part_number: string | null;
	/** Where a document finding came from: file name and page (migration 0014). */
	source_document: string | null;
	source_page: number | null;
	label: number;
	probability: number;
	model_version: string;
	needs_review: number;
	override_label: number | null;
	override_reason: string | null;
	created_by: string;
	created_at: number;
	updated_at: number;
	deleted: number;
	version: number;
	/** Position in the server's change feed: the pull cursor. */
	seq: number;
	/** Username whose override this is (migration 0007). */
	override_by?: string | null;
	/** 1 when the server's own model produced label/probability/model_version. */
	verified?: number;
}

/** One row per applied (or refused) sync change: who, when, before and after (src/lib/server/audit/). */
export interface InventoryAuditTable {
	id: string;
	record_id: string;
	change_id: string | null;
	/** Username of whoever pushed the change. */
	actor: string;
	action: 'create' | 'update' | 'delete' | 'rejected';
	at: number;
	/** The record before the change (JSON), null on create. */
	before: string | null;
	/** The record after the change (JSON), null when rejected. */
	after: string | null;
	/** What the server did with the device's verdict, in plain words. */
	note: string | null;
}

export interface InventoryHistoryTable {
	id: string;
	record_id: string;
	/** The losing (or replaced) record as JSON. */
	record: string;
	/** 'replaced': the server's copy lost to a later edit; 'rejected': an incoming edit lost. */
	reason: 'replaced' | 'rejected';
	change_id: string | null;
	recorded_at: number;
}

export interface SyncChangesTable {
	/** Client-generated change id: a resent change is recognised and not applied twice. */
	change_id: string;
	record_id: string;
	/** The outcome returned the first time ('applied' | 'rejected'). */
	outcome: string;
	applied_at: number;
}

export interface CountersTable {
	name: string;
	value: number;
}

export interface TelemetryEventsTable {
	event_id: string;
	time: number;
	received_at: number;
	kind: string;
	app_version: string;
	model_version: string;
	backend: string;
	threads: number;
	latency_ms: number;
	error_code: string | null;
	label: number | null;
	probability: number | null;
	token_count: number | null;
	oov_count: number | null;
	overridden: number | null;
	override_label: number | null;
	shadow_model_version: string | null;
	shadow_label: number | null;
	shadow_probability: number | null;
	/** Which session sent it (telemetry_sources); null = the server itself (migration 0009). */
	source_id?: string | null;
}

/** A signed-in session that sent telemetry: who, and how much (src/lib/server/telemetry/trust.ts). */
export interface TelemetrySourcesTable {
	source_id: string;
	user_id: string;
	username: string;
	first_seen: number;
	last_seen: number;
	events: number;
}

/** A session's (source_id) or a user's (user_id) events excluded from monitoring by an admin. */
export interface TelemetryExclusionsTable {
	id: string;
	source_id: string | null;
	user_id: string | null;
	reason: string;
	excluded_by: string;
	excluded_at: number;
}

/** Raw events moved out of telemetry_events by an exclusion (the row as JSON). */
export interface TelemetryExcludedEventsTable {
	event_id: string;
	source_id: string;
	excluded_at: number;
	event: string;
}

/** Sums per time bucket and dimensions (src/lib/server/monitoring/rollup.ts); kept when raw events are purged. */
export interface TelemetryRollupsTable {
	bucket_ms: number;
	bucket_start: number;
	model_version: string;
	app_version: string;
	backend: string;
	events: number;
	predictions: number;
	non_compliant: number;
	tokens: number;
	oov: number;
	overrides: number;
	confidence_sum: number;
	model_errors: number;
	last_seen: number;
}

/** Sparse counts per bucket, model and metric (probability and latency bins, error codes, shadow agreement). */
export interface TelemetryRollupCountsTable {
	bucket_ms: number;
	bucket_start: number;
	model_version: string;
	metric: string;
	/** JSON object: key -> count. */
	counts: string;
}

/** Token buckets shared by the server processes (src/lib/server/shared-rate-limit.ts). */
export interface RateLimitsTable {
	/** sha256 of the limit's name and key. */
	key: string;
	tokens: number;
	updated_at: number;
	/** When the bucket is full again (rows past it are swept). */
	full_at: number;
}

/** Security event log (src/lib/server/security-log/): sign-ins, refusals, key use, model switches. Migration 0012. */
export interface SecurityEventsTable {
	id: string;
	at: number;
	kind: string;
	user_id: string | null;
	username: string | null;
	/** Client address as the server sees it (behind a proxy: with TRUST_PROXY=1). */
	address: string | null;
	/** JSON object with the event's details (never a password or a key). */
	detail: string;
}

/** A review decision on an inventory item (src/lib/server/review/); one row per item, the latest. */
export interface ReviewsTable {
	item_id: string;
	decision: 'confirm' | 'correct' | 'reject';
	/** The label the reviewer settled on; null for reject (not usable as a label). */
	label: number | null;
	note: string | null;
	/** Username of the analyst or admin. */
	reviewer: string;
	reviewed_at: number;
	/** Why the item was in the queue: 'override' | 'needs-review' | 'audit' | 'other'. */
	source: string;
	/** The description, verdict and override as reviewed (an edit after the review makes it pending again). */
	description: string;
	model_version: string;
	model_label: number;
	model_probability: number;
	override_label: number | null;
}

/** One re-scan of the synced inventory per champion version (migration 0011). */
export interface RescanRunsTable {
	model: string;
	regulation: string | null;
	previous_model: string | null;
	started_at: number;
	finished_at: number | null;
	total: number;
	done: number;
}

/** The run's snapshot of each record's label (`from`), and the new model's (`to`, null until classified). */
export interface RescanItemsTable {
	model: string;
	record_id: string;
	from_label: number;
	to_label: number | null;
}

/** Devices' re-scan counts (telemetry kind "rescan": counts only, no text, no ids). */
export interface DeviceRescansTable {
	event_id: string;
	time: number;
	received_at: number;
	app_version: string;
	model_version: string;
	previous_model_version: string | null;
	total: number;
	to_non_compliant: number;
	to_compliant: number;
	disagree_with_human: number;
}

export interface Database {
	users: UsersTable;
	sessions: SessionsTable;
	api_keys: ApiKeysTable;
	inventory: InventoryTable;
	inventory_history: InventoryHistoryTable;
	sync_changes: SyncChangesTable;
	counters: CountersTable;
	telemetry_events: TelemetryEventsTable;
	telemetry_rollups: TelemetryRollupsTable;
	telemetry_rollup_counts: TelemetryRollupCountsTable;
	rate_limits: RateLimitsTable;
	security_events: SecurityEventsTable;
	inventory_audit: InventoryAuditTable;
	telemetry_sources: TelemetrySourcesTable;
	telemetry_exclusions: TelemetryExclusionsTable;
	telemetry_excluded_events: TelemetryExcludedEventsTable;
	reviews: ReviewsTable;
	rescan_runs: RescanRunsTable;
	rescan_items: RescanItemsTable;
	device_rescans: DeviceRescansTable;
}
