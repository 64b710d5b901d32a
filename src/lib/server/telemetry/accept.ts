/**
 * One POST /api/telemetry from a signed-in session, without HTTP: who may send, budgets,
 * schema, plausibility, exclusions, then ingest.ts stores the batch tagged with its source.
 * Returns the status and JSON body the route sends (tested directly, on both engines).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AuthUser } from '../auth/users.ts';
import { batchEvents, storeEvents, TelemetryBatchError, validateEvents } from './ingest.ts';
import {
	checkPlausible,
	noteSource,
	sessionSourceId,
	spendTelemetryBudget,
	telemetryLimits,
	telemetryRefusal,
	TelemetryTrustError
} from './trust.ts';
import { alreadyExcluded, isExcluded, moveExcludedEvents } from './exclusion.ts';

export interface AcceptOptions {
	db: Kysely<Database>;
	dialect: 'sqlite' | 'postgres';
	perSessionPerMinute: number;
	retentionDays: number;
	/** From the registry (knownModelVersions); null skips the check. */
	knownModels: ReadonlySet<string> | null;
	now?: number;
}

export interface AcceptResult {
	status: number;
	body: Record<string, unknown>;
	headers?: Record<string, string>;
}

export async function acceptTelemetry(o: AcceptOptions, user: AuthUser, sessionToken: string | null, body: unknown): Promise<AcceptResult> {
	const refusal = telemetryRefusal(user, sessionToken);
	if (refusal) return { status: 403, body: { message: refusal } };
	const sourceId = sessionSourceId(sessionToken!);
	const now = o.now ?? Date.now();
	try {
		const raw = batchEvents(body);
		// Counted before validation: invalid events cost budget too.
		const wait = await spendTelemetryBudget(telemetryLimits(o.db, o.dialect, o.perSessionPerMinute), sourceId, user.id, raw.length);
		if (wait !== null)
			return {
				status: 429,
				body: { message: `Too many events from this session or user; retry in ${wait} s.` },
				headers: { 'retry-after': String(wait) }
			};
		const events = validateEvents(raw);
		checkPlausible(events, { now, retentionDays: o.retentionDays, knownModels: o.knownModels });
		if (await isExcluded(o.db, sourceId, user.id)) return { status: 200, body: { accepted: 0, duplicates: 0, excluded: events.length } };
		const gone = await alreadyExcluded(
			o.db,
			events.map((e) => e.eventId)
		);
		const fresh = events.filter((e) => !gone.has(e.eventId));
		// The source is noted in the transaction that stores the batch (one commit per group of batches).
		const result = fresh.length
			? await storeEvents(o.db, fresh, {
					retentionDays: o.retentionDays,
					sourceId,
					receivedAt: now,
					source: { user, events: fresh.length }
				})
			: (await noteSource(o.db, sourceId, user, 0, now), { accepted: 0, duplicates: 0 });
		// An exclusion made while this batch was being stored: take this batch out too.
		if (await isExcluded(o.db, sourceId, user.id)) await moveExcludedEvents(o.db, [sourceId]);
		return { status: 200, body: { ...result, duplicates: result.duplicates + gone.size } };
	} catch (e) {
		if (e instanceof TelemetryBatchError) {
			if (e.code === 'BATCH_TOO_LARGE') return { status: 413, body: { message: e.message } };
			return { status: 400, body: { message: e.message, rejected: e.rejected } };
		}
		if (e instanceof TelemetryTrustError) return { status: 400, body: { message: e.message, rejected: e.rejected, code: e.code } };
		throw e;
	}
}
