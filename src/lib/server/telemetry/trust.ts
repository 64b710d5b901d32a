/**
 * Telemetry you can believe. Who may send (technician sessions only; the server stores its
 * own events directly), how much (per session and per user, never per client header), and
 * what is plausible (known model versions, value ranges, clock skew). Called by
 * POST /api/telemetry before ingest.ts stores anything.
 */
import type { Kysely } from 'kysely';
import { CodedError } from '../../errors.ts';
import type { TelemetryEvent } from '../../telemetry/event.ts';
import { MAX_DESCRIPTION_CHARS } from '../../inference/classifier.ts';
import type { Database } from '../db/schema.ts';
import type { AuthUser } from '../auth/users.ts';
import { sha256Hex } from '../auth/crypto.ts';
import { lastGoodRegistry } from '../models/last-good-registry.ts';
import { sharedLimiter, type Limiter } from '../shared-rate-limit.ts';

/** How far in the future an event's time may be (device clocks drift a little). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Longest plausible inference on a device (a model load failure may take longer: not checked). */
export const MAX_PREDICTION_LATENCY_MS = 120_000;
/** A description has at most 2,000 characters, so at most ~1,000 words. */
export const MAX_TOKENS = MAX_DESCRIPTION_CHARS;
export const MAX_THREADS = 64;
/** A user may have a few devices: the per-user budget is this many sessions' worth. */
export const USER_BUDGET_SESSIONS = 2;

export class TelemetryTrustError extends CodedError<'TELEMETRY_IMPLAUSIBLE'> {
	readonly rejected: number[];
	constructor(message: string, rejected: number[]) {
		super('TELEMETRY_IMPLAUSIBLE', message);
		this.rejected = rejected;
	}
}

/** The source id of a session: derived from the token's hash, so it names the session without revealing it. */
export function sessionSourceId(sessionToken: string): string {
	return 's_' + sha256Hex(`telemetry-source:${sha256Hex(sessionToken)}`).slice(0, 24);
}

/** Why a caller may not post telemetry, or null. */
export function telemetryRefusal(user: AuthUser, sessionToken: string | null): string | null {
	if (user.apiKey || !sessionToken)
		return 'Telemetry comes from technician devices (a signed-in session) or the server itself; API keys cannot send it.';
	if (user.role !== 'technician')
		return `Only technician sessions send telemetry; you are signed in as ${user.role}, whose events would mix with the devices' data.`;
	return null;
}

export interface PlausibilityOptions {
	now: number;
	retentionDays: number;
	/** Model versions the registry knows; null: the check is skipped (no registry was ever read). */
	knownModels: ReadonlySet<string> | null;
}

/** The first reason an event is implausible, or null. */
export function implausibility(e: TelemetryEvent, o: PlausibilityOptions): string | null {
	const time = Date.parse(e.time);
	if (time > o.now + MAX_CLOCK_SKEW_MS)
		return `time is ${Math.round((time - o.now) / 60_000)} minutes in the future (more than ${MAX_CLOCK_SKEW_MS / 60_000} allowed): check the device clock`;
	if (time < o.now - o.retentionDays * 86_400_000) return `time is older than the ${o.retentionDays}-day raw retention`;
	if (e.backend === 'server') return 'backend "server" is reserved for the server\'s own events';
	if (o.knownModels && !o.knownModels.has(e.modelVersion)) return `modelVersion "${e.modelVersion}" is not in the model registry`;
	if (e.threads > MAX_THREADS) return `threads ${e.threads} is more than ${MAX_THREADS}`;
	if (e.kind === 'prediction') {
		if (e.latencyMs > MAX_PREDICTION_LATENCY_MS)
			return `latencyMs ${e.latencyMs} is over ${MAX_PREDICTION_LATENCY_MS / 1000} s for one prediction`;
		if (e.tokenCount > MAX_TOKENS)
			return `tokenCount ${e.tokenCount} cannot come from a description of at most ${MAX_DESCRIPTION_CHARS} characters`;
		if (e.shadow && o.knownModels && !o.knownModels.has(e.shadow.modelVersion))
			return `shadow.modelVersion "${e.shadow.modelVersion}" is not in the model registry`;
	}
	return null;
}

/** Throws TelemetryTrustError listing every implausible event (index and first reason), like a schema error. */
export function checkPlausible(events: readonly TelemetryEvent[], o: PlausibilityOptions): void {
	const rejected: number[] = [];
	let first = '';
	events.forEach((e, i) => {
		const why = implausibility(e, o);
		if (!why) return;
		if (!first) first = `events[${i}]: ${why}`;
		rejected.push(i);
	});
	if (rejected.length) {
		const more = rejected.length > 1 ? ` (and ${rejected.length - 1} more implausible event${rejected.length > 2 ? 's' : ''})` : '';
		throw new TelemetryTrustError(first + more, rejected);
	}
}

/** Every version the registry lists (any status: devices may still run an archived one). */
export async function knownModelVersions(modelsDir: string): Promise<Set<string> | null> {
	const { registry } = await lastGoodRegistry(modelsDir);
	return registry ? new Set(registry.versions.map((v) => v.version)) : null;
}

export interface TelemetryLimits {
	session: Limiter;
	user: Limiter;
}

const limits = new WeakMap<object, TelemetryLimits>();

/** Per-session and per-user budgets (events per minute), shared by the servers on one PostgreSQL. */
export function telemetryLimits(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', perSessionPerMinute: number): TelemetryLimits {
	let l = limits.get(db);
	if (!l) {
		l = {
			session: sharedLimiter(db, dialect, { name: 'telemetry-session', limit: perSessionPerMinute, windowMs: 60_000 }),
			user: sharedLimiter(db, dialect, { name: 'telemetry-user', limit: perSessionPerMinute * USER_BUDGET_SESSIONS, windowMs: 60_000 })
		};
		limits.set(db, l);
	}
	return l;
}

/** Spends `count` from both budgets, or neither; returns seconds to wait when either is spent. */
export async function spendTelemetryBudget(l: TelemetryLimits, sourceId: string, userId: string, count: number): Promise<number | null> {
	for (const [limiter, key] of [
		[l.session, sourceId],
		[l.user, userId]
	] as const) {
		const d = await limiter.check(key, count);
		if (!d.ok) return d.retryAfterSeconds;
	}
	await l.session.consume(sourceId, count);
	await l.user.consume(userId, count);
	return null;
}

/** Records that a session sent `count` events (for the admin's list of sources). */
export async function noteSource(
	db: Kysely<Database>,
	sourceId: string,
	user: Pick<AuthUser, 'id' | 'username'>,
	count: number,
	now: number
): Promise<void> {
	await db
		.insertInto('telemetry_sources')
		.values({ source_id: sourceId, user_id: user.id, username: user.username, first_seen: now, last_seen: now, events: count })
		.onConflict((oc) =>
			oc.column('source_id').doUpdateSet((eb) => ({ last_seen: now, events: eb('telemetry_sources.events', '+', count) }))
		)
		.execute();
}
