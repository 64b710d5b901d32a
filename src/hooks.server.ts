import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { building, version } from '$app/env';
import { serverContext } from '#lib/server/context.ts';
import { modelService } from '#lib/server/model-service.ts';
import { recordModelErrors } from '#lib/server/models/model-errors.ts';
import { watchChampion } from '#lib/server/rescan/watch.ts';
import { authenticate } from '#lib/server/auth/authenticate.ts';
import { securityHeaders } from '#lib/server/http/security-headers.ts';
import { isApiPath, refuseRequest, selfOrigin, transportHeaders } from '#lib/server/http/request-policy.ts';
import { finishApiResponse, jsonError, storageFailureResponse } from '#lib/server/http/api-response.ts';
import { noteStorageFailure, type StorageFailure } from '#lib/server/db/storage-status.ts';
import { recordRefusedAccess, securityLog } from '#lib/server/security-log/record.ts';

// Open (and migrate) the database before the first request; `vite build` runs the
// app to analyse it and must not create a database or an admin account. The model
// service starts loading the champion now, without delaying start-up (/api/health
// answers 503 until it is ready); a refused bundle becomes a model-error telemetry event.
export const init: ServerInit = async () => {
	if (building) return;
	const ctx = await serverContext();
	const log = securityLog(ctx.database.db);
	const service = modelService({
		onModelError: recordModelErrors(version),
		// Champion switches go to the security log too (who can write the models folder decides the verdicts).
		log: (line) => {
			console.log(line);
			if (/ switched from | loaded and self-tested|REFUSED/.test(line)) void log.record({ kind: 'model-switch', detail: { line } });
		}
	});
	// Issue 16: re-scan the synced inventory whenever a new champion serves.
	watchChampion(ctx.database.db, service);
};

/** Storage failures seen while handling a request (handleError records them, handle answers 503). */
const storageFailures = new WeakMap<object, StorageFailure>();

export const handle: Handle = async ({ event, resolve }) => {
	const api = isApiPath(event.url.pathname);
	if (!building) {
		const refusal = refuseRequest(event.request, event.url, selfOrigin(event.url));
		if (refusal) {
			if (api) return secure(event.url, jsonError(refusal.status, { message: refusal.message, code: refusal.code }));
			return secure(
				event.url,
				new Response(refusal.message, { status: refusal.status, headers: { 'content-type': 'text/plain; charset=utf-8' } })
			);
		}
		// Error responses of API routes come as JSON whatever the client accepts.
		if (api && !(event.request.headers.get('accept') ?? '').includes('json')) {
			try {
				event.request.headers.set('accept', 'application/json');
			} catch {
				// Immutable headers: finishApiResponse converts the body instead.
			}
		}
	}
	let ctx;
	try {
		ctx = building ? null : await serverContext();
		event.locals.user = ctx ? await authenticate(ctx.database.db, event, { idleMs: ctx.config.sessionIdleMs }) : null;
	} catch (e) {
		const failure = noteStorageFailure(e, `${event.request.method} ${event.url.pathname}: authentication`);
		if (!failure) throw e;
		return secure(event.url, storageFailureResponse(failure, api));
	}
	let response = await resolve(event);
	const failure = storageFailures.get(event.locals);
	// handleError already made it a 503; this adds the code, the cause and Retry-After.
	if (failure && (response.status === 500 || response.status === 503)) response = storageFailureResponse(failure, api);
	if (ctx && (response.status === 401 || response.status === 403)) {
		recordRefusedAccess(securityLog(ctx.database.db), event, response.status);
	}
	response = await finishApiResponse(event.request, event.url.pathname, response);
	return secure(event.url, response);
};

function secure(url: URL, response: Response): Response {
	for (const [name, value] of Object.entries({ ...securityHeaders, ...transportHeaders(url) })) {
		// SvelteKit sets its own CSP on pages (with hashes of its inline scripts).
		if (name === 'content-security-policy' && response.headers.has(name)) continue;
		try {
			response.headers.set(name, value);
		} catch {
			// Headers of a fetched Response are immutable; server.js adds them anyway.
		}
	}
	return response;
}

export const handleError: HandleServerError = ({ kind, error, event }) => {
	if (kind !== 'unknown') return;
	// A full disk or read-only database: name the real cause, answer 503 (handle above).
	const failure = noteStorageFailure(error, `${event.request.method} ${event.url.pathname}`);
	if (failure) {
		storageFailures.set(event.locals, failure);
		return { status: 503, message: `Cannot save right now: ${failure.reason} (${failure.code}). Reading still works; retry later.` };
	}
	console.error(`${event.request.method} ${event.url.pathname}:`, error);
};
