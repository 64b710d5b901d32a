/**
 * POST /api/telemetry  {events: TelemetryEvent[]}  (any signed-in role)
 * -> 200 {accepted, duplicates}
 * -> 400 TelemetryRejection {message, rejected}: `rejected` lists the index of every invalid
 *    event, `message` names the first one's field (nothing is stored; see telemetry/event.ts)
 * -> 413 body over 512 KiB or more than 500 events; 429 with Retry-After per device.
 * The optional X-Device-Id header (random per install) is used only for rate limiting.
 */
import { error, type RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { ANY_ROLE, requireRole } from '#lib/server/auth/guard.ts';
import { readJson } from '#lib/server/http/read-json.ts';
import { batchEvents, storeEvents, TelemetryBatchError, validateEvents } from '#lib/server/telemetry/ingest.ts';
import { DEVICE_ID_HEADER, MAX_TELEMETRY_BODY_BYTES, type TelemetryRejection } from '#lib/telemetry/event.ts';

const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/;

export const POST: RequestHandler = async (event) => {
	const user = requireRole(event, ANY_ROLE);
	const ctx = await serverContext();
	const body = await readJson(event.request, MAX_TELEMETRY_BODY_BYTES);
	try {
		const raw = batchEvents(body);
		const device = event.request.headers.get(DEVICE_ID_HEADER);
		const key = device && DEVICE_ID.test(device) ? `device:${device}` : `user:${user.id}`;
		const decision = await ctx.telemetryLimiter.consume(key, raw.length);
		if (!decision.ok) {
			return Response.json(
				{ message: `Too many events from this device; retry in ${decision.retryAfterSeconds} s.` },
				{ status: 429, headers: { 'retry-after': String(decision.retryAfterSeconds) } }
			);
		}
		const result = await storeEvents(ctx.database.db, validateEvents(raw), { retentionDays: ctx.config.telemetryRawRetentionDays });
		return Response.json(result);
	} catch (e) {
		if (e instanceof TelemetryBatchError) {
			if (e.code === 'BATCH_TOO_LARGE') error(413, e.message);
			const rejection: TelemetryRejection = { message: e.message, rejected: e.rejected };
			return Response.json(rejection, { status: 400 });
		}
		throw e;
	}
};
