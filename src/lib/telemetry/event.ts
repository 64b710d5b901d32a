/**
 * The anonymized telemetry event: the contract between the browser (which queues and
 * flushes events) and the server (POST /api/telemetry). No raw text, no user id, no IP,
 * no device id inside the event. Every field is listed in the README's Privacy section;
 * adding one here means adding it there.
 */
import { z } from '#lib/zod.ts';

export const TELEMETRY_SCHEMA_VERSION = 1;

/** Most events a single POST /api/telemetry may carry. */
export const MAX_EVENTS_PER_BATCH = 500;

/** Most bytes a POST /api/telemetry body may have (500 events of ~500 bytes, with room). */
export const MAX_TELEMETRY_BODY_BYTES = 512 * 1024;

/** Header carrying the random per-install id, used only to rate-limit; never stored. */
export const DEVICE_ID_HEADER = 'x-device-id';

// 0 = compliant, 1 = non-compliant.
const label = z.literal([0, 1]);
const probability = z.number().min(0).max(1);
const version = z.string().min(1).max(64);

export const backendSchema = z.enum(['webgpu', 'wasm', 'server']);

export const shadowSchema = z.object({
	modelVersion: version,
	label,
	probability
});

/** Fields every event carries. */
const commonFields = {
	/** Client-generated UUID; the server ignores an event id it has already stored. */
	eventId: z.uuid().toLowerCase(),
	/** When it happened, ISO 8601 with offset (e.g. new Date().toISOString()). */
	time: z.iso.datetime({ offset: true }),
	appVersion: z.string().min(1).max(64),
	modelVersion: version,
	/** Backend that actually ran (or failed to load) the model, after any fallback. */
	backend: backendSchema,
	threads: z.number().int().min(0).max(256),
	/** Inference time for a prediction; time until the failure for a model error. */
	latencyMs: z.number().min(0).max(600_000)
};

/** One classification. `kind` may be omitted (it defaults to "prediction"). */
export const predictionEventSchema = z
	.object({
		...commonFields,
		kind: z.literal('prediction').default('prediction'),
		label,
		/** P(non-compliant). */
		probability,
		tokenCount: z.number().int().min(0).max(100_000),
		oovCount: z.number().int().min(0).max(100_000),
		/** Whether a technician overrode the model's label. */
		overridden: z.boolean(),
		overrideLabel: label.nullable(),
		/** The challenger's verdict on the same input, when one ran in shadow. */
		shadow: shadowSchema.nullable()
	})
	.strict()
	.refine((e) => e.oovCount <= e.tokenCount, { message: 'oovCount cannot exceed tokenCount', path: ['oovCount'] })
	.refine((e) => e.overridden === (e.overrideLabel !== null), {
		message: 'overrideLabel must be set exactly when overridden is true',
		path: ['overrideLabel']
	});

/** A model bundle failed to load or self-test on the device. */
export const modelErrorEventSchema = z
	.object({
		...commonFields,
		kind: z.literal('model-error'),
		/** The error class's `code` (e.g. BUNDLE_INTEGRITY, SELF_TEST_FAILED). */
		errorCode: z
			.string()
			.min(1)
			.max(64)
			.regex(/^[A-Za-z0-9_.-]+$/, 'errorCode must be a code like BUNDLE_INTEGRITY, not a message')
	})
	.strict();

const count = z.number().int().min(0).max(10_000_000);

/**
 * A device re-classified its inventory under a new model (`modelVersion`): counts of
 * changed verdicts only, never a description or an item id.
 */
export const rescanEventSchema = z
	.object({
		...commonFields,
		kind: z.literal('rescan'),
		/** The version that served before (null: the device had none). */
		previousModelVersion: version.nullable(),
		/** Items re-classified. */
		total: count,
		/** Model verdicts that flipped to non-compliant / to compliant. */
		toNonCompliant: count,
		toCompliant: count,
		/** Items with a human label (override) the new model disagrees with. */
		disagreeWithHuman: count
	})
	.strict();

export const telemetryEventSchema = z.union([modelErrorEventSchema, rescanEventSchema, predictionEventSchema]);

export const telemetryBatchSchema = z.object({
	events: z.array(telemetryEventSchema).min(1).max(MAX_EVENTS_PER_BATCH)
});

/** What the browser builds (kind may be omitted). */
export type TelemetryEventInput = z.input<typeof telemetryEventSchema>;
/** What the server stores (kind filled in). */
export type TelemetryEvent = z.output<typeof telemetryEventSchema>;
export type PredictionEvent = z.output<typeof predictionEventSchema>;
export type ModelErrorEvent = z.output<typeof modelErrorEventSchema>;
export type RescanEvent = z.output<typeof rescanEventSchema>;
export type TelemetryBatch = z.output<typeof telemetryBatchSchema>;
export type Backend = z.infer<typeof backendSchema>;

/** 200 response of POST /api/telemetry: every event is stored (a resent event id counts as a duplicate). */
export interface TelemetryIngestResult {
	accepted: number;
	duplicates: number;
	/** Events older than the server keeps raw telemetry (TELEMETRY_RAW_RETENTION_DAYS): dropped. */
	expired?: number;
}

/**
 * 400 response of POST /api/telemetry when events are invalid; nothing was stored.
 *   {"message": "events[3].probability: Too big (and 1 more invalid event)", "rejected": [3, 7]}
 * `rejected` holds the index (in the request's `events`) of every invalid event, ascending;
 * it is empty when the body itself is malformed (no `events` list). The client drops
 * exactly those events and resends the rest.
 */
export interface TelemetryRejection {
	/** For people: names the first invalid event and field. */
	message: string;
	rejected: number[];
}

/**
 * Validates one event against the schema its `kind` names, so a bad event gets one
 * precise reason ("probability: too big") instead of a union's list of every branch.
 */
export function parseTelemetryEvent(raw: unknown): z.ZodSafeParseResult<TelemetryEvent> {
	const kind = typeof raw === 'object' && raw !== null ? (raw as { kind?: unknown }).kind : undefined;
	if (kind === 'model-error') return modelErrorEventSchema.safeParse(raw);
	if (kind === 'rescan') return rescanEventSchema.safeParse(raw);
	return predictionEventSchema.safeParse(raw);
}
