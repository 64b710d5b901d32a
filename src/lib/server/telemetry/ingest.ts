/**
 * Telemetry ingestion: validate a whole batch, then store it in one transaction with
 * insert-or-ignore on the event id, so a resent batch is counted as duplicates and
 * never stored twice; the same transaction adds the newly stored events (and only
 * those) to the monitoring rollups. Nothing identifying is stored: no user, no device,
 * no address; only the opaque id of the sending session (`sourceId`, telemetry/trust.ts).
 */
import type { Kysely } from 'kysely';
import type { Database, TelemetryEventsTable } from '../db/schema.ts';
import {
	MAX_EVENTS_PER_BATCH,
	parseTelemetryEvent,
	type RescanEvent,
	type TelemetryEvent,
	type TelemetryIngestResult
} from '../../telemetry/event.ts';
import { storeDeviceRescans } from '../rescan/device-counts.ts';
import { CodedError } from '../../errors.ts';
import { toMonitoringEvent } from '../monitoring/load-events.ts';
import { rollupEvents } from '../monitoring/rollup.ts';
import { writeRollups } from './rollup-store.ts';
import { dialectOf, run, valuesSql } from './raw-sql.ts';
import { GroupCommit, groupCommitFor } from './group-commit.ts';
import { noteSource } from './trust.ts';
import type { AuthUser } from '../auth/users.ts';

/** The columns of a stored event, in the order the insert binds them. */
export const EVENT_COLUMNS = [
	'event_id',
	'time',
	'received_at',
	'kind',
	'app_version',
	'model_version',
	'backend',
	'threads',
	'latency_ms',
	'error_code',
	'label',
	'probability',
	'token_count',
	'oov_count',
	'overridden',
	'override_label',
	'shadow_model_version',
	'shadow_label',
	'shadow_probability',
	'source_id'
] as const satisfies readonly (keyof TelemetryEventsTable)[];
const INSERT_HEAD = `insert into telemetry_events (${EVENT_COLUMNS.join(', ')})`;
// Insert-or-ignore on the event id; RETURNING names the rows this call stored.
const INSERT_TAIL = 'on conflict (event_id) do nothing returning event_id';

export class TelemetryBatchError extends CodedError<'BATCH_INVALID' | 'BATCH_TOO_LARGE'> {
	/** Indexes of the invalid events in the batch, ascending; empty when the batch itself is malformed. */
	readonly rejected: number[];
	constructor(code: TelemetryBatchError['code'], message: string, rejected: number[] = []) {
		super(code, message);
		this.rejected = rejected;
	}
}

/** The events of a body `{events: [...]}`; only their count is checked here. */
export function batchEvents(body: unknown): unknown[] {
	const events = (body as { events?: unknown } | null)?.events;
	if (!Array.isArray(events) || events.length === 0) {
		throw new TelemetryBatchError('BATCH_INVALID', 'Send {"events": [...]} with at least one event.');
	}
	if (events.length > MAX_EVENTS_PER_BATCH) {
		throw new TelemetryBatchError(
			'BATCH_TOO_LARGE',
			`A batch holds at most ${MAX_EVENTS_PER_BATCH} events; this one has ${events.length}. Split it.`
		);
	}
	return events;
}

/**
 * Validates every event. Any bad one rejects the whole batch: the error lists the index of
 * every invalid event (`rejected`) and its message names the first one's index and field.
 */
export function validateEvents(raw: unknown[]): TelemetryEvent[] {
	const events: TelemetryEvent[] = [];
	const rejected: number[] = [];
	let first = '';
	raw.forEach((item, index) => {
		const result = parseTelemetryEvent(item);
		if (result.success) return void events.push(result.data);
		if (rejected.length === 0) {
			const issue = result.error.issues[0];
			first = `events[${index}].${issue.path.join('.') || '(event)'}: ${issue.message}`;
		}
		rejected.push(index);
	});
	if (rejected.length > 0) {
		const more = rejected.length > 1 ? ` (and ${rejected.length - 1} more invalid event${rejected.length > 2 ? 's' : ''})` : '';
		throw new TelemetryBatchError('BATCH_INVALID', first + more, rejected);
	}
	return events;
}

export function toRow(e: Exclude<TelemetryEvent, RescanEvent>, receivedAt: number): TelemetryEventsTable {
	const common = {
		event_id: e.eventId,
		time: Date.parse(e.time),
		received_at: receivedAt,
		kind: e.kind,
		app_version: e.appVersion,
		model_version: e.modelVersion,
		backend: e.backend,
		threads: e.threads,
		latency_ms: e.latencyMs
	};
	if (e.kind === 'model-error') {
		return {
			...common,
			error_code: e.errorCode,
			label: null,
			probability: null,
			token_count: null,
			oov_count: null,
			overridden: null,
			override_label: null,
			shadow_model_version: null,
			shadow_label: null,
			shadow_probability: null
		};
	}
	return {
		...common,
		error_code: null,
		label: e.label,
		probability: e.probability,
		token_count: e.tokenCount,
		oov_count: e.oovCount,
		overridden: e.overridden ? 1 : 0,
		override_label: e.overrideLabel,
		shadow_model_version: e.shadow?.modelVersion ?? null,
		shadow_label: e.shadow?.label ?? null,
		shadow_probability: e.shadow?.probability ?? null
	};
}

// 20 columns x 500 rows stays under SQLite's 32,766 and PostgreSQL's 65,535 bind parameters.
const ROWS_PER_STATEMENT = 500;
/** Most events one group commit writes (group-commit.ts): ten full batches. */
const MAX_GROUP_EVENTS = 5_000;

export interface StoreOptions {
	/** Server time the batch arrived (epoch ms). */
	receivedAt?: number;
	/**
	 * Days raw events are kept. Older events are not stored: their raw copy would be purged
	 * at once, and without it a resend could not be recognised and would be counted twice.
	 */
	retentionDays?: number;
	/** The session that sent the batch (telemetry/trust.ts); unset for the server's own events. */
	sourceId?: string;
	/** Record the session's batch in telemetry_sources (trust.ts noteSource) in the same transaction. */
	source?: { user: Pick<AuthUser, 'id' | 'username'>; events: number };
}

/** One batch, ready to write: its event rows, its re-scan counts, where it came from. */
interface StoreJob {
	rows: TelemetryEventsTable[];
	rescans: RescanEvent[];
	receivedAt: number;
	source: { id: string; user: Pick<AuthUser, 'id' | 'username'>; events: number } | null;
}

/**
 * Writes several batches in one transaction: one insert-or-ignore of all their rows (the
 * rows it stored, by id, are the new ones: an id in two batches, or twice in one, is
 * stored and rolled up once, for the first batch that has it), one rollup write for all
 * the new rows. Returns how many events of each batch were stored.
 */
async function writeJobs(db: Kysely<Database>, jobs: StoreJob[]): Promise<number[]> {
	const dialect = dialectOf(db);
	return db.transaction().execute(async (tx) => {
		const accepted: number[] = [];
		for (const job of jobs) accepted.push(await storeDeviceRescans(tx, job.rescans, job.receivedAt));
		// In id order: two servers inserting overlapping batches (a resend) lock ids in the same order.
		const rows = jobs.flatMap((j) => j.rows).sort((a, b) => (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0));
		const stored = new Set<string>();
		for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
			const page = rows.slice(i, i + ROWS_PER_STATEMENT);
			const inserted = await run<{ event_id: string }>(
				tx,
				valuesSql(dialect, INSERT_HEAD, EVENT_COLUMNS.length, page.length, INSERT_TAIL),
				page.flatMap((r) => EVENT_COLUMNS.map((c) => r[c]))
			);
			for (const r of inserted) stored.add(r.event_id);
		}
		const fresh: TelemetryEventsTable[] = [];
		jobs.forEach((job, j) => {
			for (const r of job.rows) if (stored.delete(r.event_id)) (fresh.push(r), accepted[j]++);
		});
		if (fresh.length > 0) await writeRollups(tx, rollupEvents(fresh.map(toMonitoringEvent)));
		const sources = new Map<string, NonNullable<StoreJob['source']> & { at: number }>();
		for (const job of jobs) {
			if (!job.source) continue;
			const seen = sources.get(job.source.id);
			if (seen) ((seen.events += job.source.events), (seen.at = Math.max(seen.at, job.receivedAt)));
			else sources.set(job.source.id, { ...job.source, at: job.receivedAt });
		}
		for (const s of sources.values()) await noteSource(tx, s.id, s.user, s.events, s.at);
		return accepted;
	});
}

export async function storeEvents(
	db: Kysely<Database>,
	events: TelemetryEvent[],
	options: StoreOptions = {}
): Promise<TelemetryIngestResult> {
	const receivedAt = options.receivedAt ?? Date.now();
	const cutoff = options.retentionDays === undefined ? -Infinity : receivedAt - options.retentionDays * 86_400_000;
	// Devices' re-scan counts have their own table (src/lib/server/rescan/device-counts.ts).
	const rescans = events.filter((e): e is RescanEvent => e.kind === 'rescan' && Date.parse(e.time) >= cutoff);
	const rows = events
		.filter((e): e is Exclude<TelemetryEvent, RescanEvent> => e.kind !== 'rescan')
		.map((e) => ({ ...toRow(e, receivedAt), source_id: options.sourceId ?? null }))
		.filter((r) => r.time >= cutoff);
	const expired = events.length - rows.length - rescans.length;
	const source = options.source && options.sourceId ? { id: options.sourceId, ...options.source } : null;
	const group = groupCommitFor(db, () => new GroupCommit((jobs: StoreJob[]) => writeJobs(db, jobs), MAX_GROUP_EVENTS));
	const accepted = await group.submit({ rows, rescans, receivedAt, source }, rows.length + rescans.length);
	return { accepted, duplicates: events.length - accepted - expired, ...(expired ? { expired } : {}) };
}
