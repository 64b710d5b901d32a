/**
 * The server's long-lived state, created once per process: configuration, the
 * database (migrated on open), sign-in throttling and the telemetry rate limiter.
 */
import { config as loadConfig, type ServerConfig } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/connect.ts';
import { ensureInitialAdmin } from './auth/bootstrap.ts';
import { SignInService } from './auth/sign-in.ts';
import { deleteExpiredSessions } from './auth/sessions.ts';
import { deleteFullBuckets, sharedLimiter, type Limiter } from './shared-rate-limit.ts';
import { purgeRawEvents } from './telemetry/retention.ts';
import { purgeExclusionData } from './telemetry/exclusion.ts';

export interface ServerContext {
	config: ServerConfig;
	database: DatabaseHandle;
	signIn: SignInService;
	/** Telemetry events per device per minute (shared by the servers on one PostgreSQL). */
	telemetryLimiter: Limiter;
	/** Descriptions per API key (or signed-in user) per minute on /api/classify. */
	classifyLimiter: Limiter;
}

export async function createServerContext(config: ServerConfig, log: (line: string) => void = console.log): Promise<ServerContext> {
	const database = await openDatabase(config.database);
	await ensureInitialAdmin(database.db, log);
	// Expired sessions are refused anyway; sweeping them keeps the table small.
	const sweep = () =>
		Promise.all([deleteExpiredSessions(database.db), deleteFullBuckets(database.db)]).catch((e: unknown) =>
			console.warn(`session sweep failed: ${(e as Error).message}`)
		);
	// Raw telemetry past its retention goes; the rollups stay (idempotent, safe on several servers).
	const purge = () =>
		purgeRawEvents(database.db, config.telemetryRawRetentionDays).then(
			(n) => n > 0 && log(`telemetry: purged ${n} raw events older than ${config.telemetryRawRetentionDays} days`),
			(e: unknown) => console.warn(`telemetry purge failed: ${(e as Error).message}`)
		);
	// Excluded events and telemetry sessions follow the same retention (telemetry/exclusion.ts).
	const purgeExcluded = () =>
		purgeExclusionData(database.db, config.telemetryRawRetentionDays).catch((e: unknown) =>
			console.warn(`telemetry exclusion purge failed: ${(e as Error).message}`)
		);
	await sweep();
	void purge();
	setInterval(sweep, 3_600_000).unref();
	setInterval(purge, 3_600_000).unref();
	void purgeExcluded();
	setInterval(purgeExcluded, 3_600_000).unref();
	return {
		config,
		database,
		signIn: new SignInService(database.db, {
			sessionTtlMs: config.sessionTtlMs,
			maxFailuresPerUser: config.loginMaxFailuresPerUser,
			maxFailuresPerIp: config.loginMaxFailuresPerIp,
			dialect: database.dialect
		}),
		telemetryLimiter: sharedLimiter(database.db, database.dialect, {
			name: 'telemetry',
			limit: config.telemetryEventsPerMinute,
			windowMs: 60_000
		}),
		classifyLimiter: sharedLimiter(database.db, database.dialect, {
			name: 'classify',
			limit: config.classifyTextsPerMinute,
			windowMs: 60_000
		})
	};
}

let current: Promise<ServerContext> | undefined;

/** The process-wide context (opened on first use). */
export function serverContext(): Promise<ServerContext> {
	current ??= createServerContext(loadConfig()).catch((e: unknown) => {
		current = undefined;
		throw e;
	});
	return current;
}
