/**
 * The security event log: one row in `security_events` and one structured log line
 * (`security {...}` JSON on stdout, for a log shipper) per event. Writing is best effort:
 * a full disk or read-only database never fails the request being logged (the log line
 * still goes out). Never holds a password, a session token or an API key.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { bestEffortWrite } from '../db/storage-status.ts';

export const SECURITY_EVENT_KINDS = [
	'sign-in-success',
	'sign-in-failure',
	'sign-in-throttled',
	'sign-out',
	'password-changed',
	'access-refused',
	'api-key-used',
	'model-switch'
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export interface SecurityEventInput {
	kind: SecurityEventKind;
	userId?: string | null;
	username?: string | null;
	address?: string | null;
	detail?: Record<string, unknown>;
}

export interface SecurityEvent {
	id: string;
	at: string;
	kind: SecurityEventKind;
	userId: string | null;
	username: string | null;
	address: string | null;
	detail: Record<string, unknown>;
}

export interface SecurityLog {
	record(event: SecurityEventInput): Promise<void>;
}

/** Security events are kept this long, then deleted (checked at most hourly per process, when an event is recorded). */
export const SECURITY_EVENTS_RETENTION_DAYS = 90;
let lastPurge = 0;

async function purgeOld(db: Kysely<Database>, now: number): Promise<void> {
	if (now - lastPurge < 3_600_000) return;
	lastPurge = now;
	const before = now - SECURITY_EVENTS_RETENTION_DAYS * 86_400_000;
	await bestEffortWrite('security log purge', () => db.deleteFrom('security_events').where('at', '<', before).execute());
}

export function securityLog(db: Kysely<Database>, print: (line: string) => void = console.log): SecurityLog {
	return {
		async record(e) {
			const row = {
				id: crypto.randomUUID(),
				at: Date.now(),
				kind: e.kind,
				user_id: e.userId ?? null,
				username: e.username ?? null,
				address: e.address ?? null,
				detail: JSON.stringify(e.detail ?? {})
			};
			print(
				`security ${JSON.stringify({ at: new Date(row.at).toISOString(), kind: e.kind, username: row.username, address: row.address, ...e.detail })}`
			);
			await bestEffortWrite('security log', () => db.insertInto('security_events').values(row).execute());
			await purgeOld(db, row.at);
		}
	};
}

/**
 * The app asks GET /api/session on every start to learn whether it is signed in; the 401
 * a signed-out device gets is an answer, not a refusal, and would bury the real ones.
 */
export function isAnonymousSessionProbe(event: { request: Request; url: URL; locals: App.Locals }, status: number): boolean {
	return status === 401 && event.request.method === 'GET' && event.url.pathname === '/api/session' && !event.locals.user;
}

/** A 401/403 answer, with who asked and for what (not the anonymous session probe). */
export function recordRefusedAccess(
	log: SecurityLog,
	event: { request: Request; url: URL; locals: App.Locals; getClientAddress(): string },
	status: number
): void {
	if (isAnonymousSessionProbe(event, status)) return;
	let address: string | null = null;
	try {
		address = event.getClientAddress();
	} catch {
		// Not available (prerendering, tests).
	}
	void log.record({
		kind: 'access-refused',
		userId: event.locals.user?.id ?? null,
		username: event.locals.user?.username ?? null,
		address,
		detail: { method: event.request.method, path: event.url.pathname, status }
	});
}

export interface SecurityEventQuery {
	limit: number;
	/** Only events before this time (epoch ms), for paging back. */
	before?: number;
	kind?: SecurityEventKind;
	username?: string;
}

/** Newest first. */
export async function listSecurityEvents(db: Kysely<Database>, q: SecurityEventQuery): Promise<SecurityEvent[]> {
	let query = db.selectFrom('security_events').selectAll().orderBy('at', 'desc').orderBy('id').limit(q.limit);
	if (q.before !== undefined) query = query.where('at', '<', q.before);
	if (q.kind) query = query.where('kind', '=', q.kind);
	if (q.username) query = query.where('username', '=', q.username.toLowerCase());
	const rows = await query.execute();
	return rows.map((r) => ({
		id: r.id,
		at: new Date(Number(r.at)).toISOString(),
		kind: r.kind as SecurityEventKind,
		userId: r.user_id,
		username: r.username,
		address: r.address,
		detail: JSON.parse(r.detail) as Record<string, unknown>
	}));
}
