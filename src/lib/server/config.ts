/**
 * Server settings, read from the environment once and validated. Every setting has a
 * documented default so the server starts with no set-up at all. Plain Node (no
 * `$app/env`) because the CLI (`npm run user`) and the tests share it.
 */
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../node/errors.ts';
import { resolveModelsDir } from '../registry/models-dir.ts';
import { resolveTrustedKeys, type TrustSetting } from '../bundle/trusted-keys.ts';

export { ConfigError };

/**
 * The models folder when MODELS_DIR is not set: `models` in the working directory (a
 * built server does not know where the source tree is; `npm start` runs in the repo).
 */
const SERVER_MODELS_DIR = 'models';

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

const positiveInteger = { error: 'must be a positive whole number' };
const int = (fallback: number) =>
	z
		.string()
		.optional()
		.transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
		.pipe(z.number(positiveInteger).int(positiveInteger).positive(positiveInteger));

const shareError = { error: 'must be a number from 0 to 1, e.g. 0.01 for 1%' };
const share = (fallback: number) =>
	z
		.string()
		.optional()
		.transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
		.pipe(z.number(shareError).min(0, shareError).max(1, shareError));

const envSchema = z.object({
	/** `sqlite:./data/app.sqlite` (default), `sqlite::memory:`, or `postgres://user:pass@host/db`. */
	DATABASE_URL: z.string().optional(),
	/** Folder holding registry.json and the bundles; default `./models` (SERVER_MODELS_DIR). */
	MODELS_DIR: z.string().optional(),
	/** Session lifetime in hours (default 12: one shift plus margin). */
	SESSION_TTL_HOURS: int(12),
	/** Minutes without a request after which a browser session ends (default 30; API keys are not affected). */
	SESSION_IDLE_MINUTES: int(30),
	/** Telemetry events one device may send per minute (default 6000). */
	TELEMETRY_EVENTS_PER_MINUTE: int(6000),
	/** Failed sign-ins allowed per username and per IP within 15 minutes (default 5 / 50). */
	LOGIN_MAX_FAILURES_PER_USER: int(5),
	LOGIN_MAX_FAILURES_PER_IP: int(50),
	/** Days raw telemetry events are kept (default 30); the monitoring rollups are kept for good. */
	TELEMETRY_RAW_RETENTION_DAYS: int(30),
	/** Descriptions per minute per API key (or per signed-in user) on /api/classify (default 60000). */
	CLASSIFY_TEXTS_PER_MINUTE: int(60_000),
	/** Model-signing keys to trust: production | development | {"keyId": "base64"} (src/lib/bundle/trusted-keys.ts). */
	TRUSTED_MODEL_KEYS: z.string().optional(),
	NODE_ENV: z.string().optional(),
	/** Share of confident verdicts drawn into the review queue's audit sample, 0-1 (default 0.01; src/lib/server/review/). */
	REVIEW_AUDIT_RATE: share(0.01),
	/** Realized accuracy (audit sample) below which monitoring raises an alert, 0-1 (default 0.9). */
	REALIZED_ACCURACY_ALERT: share(0.9)
});

export interface ServerConfig {
	database: DatabaseTarget;
	modelsDir: string;
	sessionTtlMs: number;
	/** Idle timeout of interactive (cookie) sessions. */
	sessionIdleMs: number;
	telemetryEventsPerMinute: number;
	telemetryRawRetentionDays: number;
	loginMaxFailuresPerUser: number;
	loginMaxFailuresPerIp: number;
	classifyTextsPerMinute: number;
	/** Which model-signing keys the server trusts. */
	trust: TrustSetting;
	/** Share of confident verdicts in the review queue's audit sample (REVIEW_AUDIT_RATE). */
	reviewAuditRate: number;
	/** Realized accuracy below which monitoring alerts (REALIZED_ACCURACY_ALERT). */
	realizedAccuracyAlert: number;
}

export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
	if (!url) return { dialect: 'sqlite', file: path.resolve('data/app.sqlite') };
	if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', url };
	if (url.startsWith('sqlite:')) {
		const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
		if (!file) throw new ConfigError('DATABASE_URL "sqlite:" needs a file, e.g. sqlite:./data/app.sqlite');
		return { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
	}
	throw new ConfigError(
		`DATABASE_URL "${url.replace(/\/\/[^@]*@/, '//***@')}" is not supported: use sqlite:./data/app.sqlite or postgres://user:password@host:5432/db`
	);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	const result = envSchema.safeParse(env);
	if (!result.success) {
		const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
		throw new ConfigError(`invalid server environment: ${issues}`);
	}
	const e = result.data;
	return {
		database: parseDatabaseUrl(e.DATABASE_URL),
		modelsDir: resolveModelsDir(e.MODELS_DIR, { env, fallback: SERVER_MODELS_DIR }),
		sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
		sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
		telemetryEventsPerMinute: e.TELEMETRY_EVENTS_PER_MINUTE,
		telemetryRawRetentionDays: e.TELEMETRY_RAW_RETENTION_DAYS,
		loginMaxFailuresPerUser: e.LOGIN_MAX_FAILURES_PER_USER,
		loginMaxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
		classifyTextsPerMinute: e.CLASSIFY_TEXTS_PER_MINUTE,
		trust: resolveTrustedKeys(e),
		reviewAuditRate: e.REVIEW_AUDIT_RATE,
		realizedAccuracyAlert: e.REALIZED_ACCURACY_ALERT
	};
}

let cached: ServerConfig | undefined;
/** The process-wide configuration (validated on first use). */
export function config(): ServerConfig {
	cached ??= loadConfig();
	return cached;
}
