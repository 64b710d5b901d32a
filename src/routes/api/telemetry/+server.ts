/**
 * POST /api/telemetry  {events: TelemetryEvent[]}  (technician sessions only; analysts,
 * admins and API keys get 403: the server stores its own events directly)
 * -> 200 {accepted, duplicates}; {accepted: 0, excluded: N} when an admin excluded this
 *    session or user (the events are dropped)
 * -> 400 TelemetryRejection {message, rejected}: `rejected` lists the index of every invalid
 *    or implausible event (unknown model version, time in the future or past the retention,
 *    values out of range; src/lib/server/telemetry/trust.ts), `message` names the first one
 *    and why. Nothing of the batch is stored.
 * -> 413 body over 512 KiB or more than 500 events; 429 with Retry-After per session and
 *    per user (the X-Device-Id header is ignored).
 */
import { error, type RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { SESSION_COOKIE } from '#lib/server/auth/sessions.ts';
import { readJson } from '#lib/server/http/read-json.ts';
import { acceptTelemetry } from '#lib/server/telemetry/accept.ts';
import { knownModelVersions } from '#lib/server/telemetry/trust.ts';
import { MAX_TELEMETRY_BODY_BYTES } from '#lib/telemetry/event.ts';

export const POST: RequestHandler = async (event) => {
	const user = requireRole(event, ['technician']);
	const ctx = await serverContext();
	const body = await readJson(event.request, MAX_TELEMETRY_BODY_BYTES);
	const result = await acceptTelemetry(
		{
			db: ctx.database.db,
			dialect: ctx.database.dialect,
			perSessionPerMinute: ctx.config.telemetryEventsPerMinute,
			retentionDays: ctx.config.telemetryRawRetentionDays,
			knownModels: process.env.TELEMETRY_ACCEPT_UNKNOWN_MODELS === '1' ? null : await knownModelVersions(ctx.config.modelsDir)
		},
		user,
		event.cookies.get(SESSION_COOKIE) ?? null,
		body
	);
	if (result.status === 413 || result.status === 403) error(result.status, String(result.body.message));
	return Response.json(result.body, { status: result.status, headers: result.headers });
};
