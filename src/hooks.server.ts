import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { building, version } from '$app/env';
import { serverContext } from '#lib/server/context.ts';
import { modelService } from '#lib/server/model-service.ts';
import { recordModelErrors } from '#lib/server/models/model-errors.ts';
import { watchChampion } from '#lib/server/rescan/watch.ts';
import { authenticate } from '#lib/server/auth/authenticate.ts';
import { securityHeaders } from '#lib/server/http/security-headers.ts';

// Open (and migrate) the database before the first request; `vite build` runs the
// app to analyse it and must not create a database or an admin account. The model
// service starts loading the champion now, without delaying start-up (/api/health
// answers 503 until it is ready); a refused bundle becomes a model-error telemetry event.
export const init: ServerInit = async () => {
	if (building) return;
	const context = await serverContext();
	// Issue 16: re-scan the synced inventory whenever a new champion serves.
	watchChampion(context.database.db, modelService({ onModelError: recordModelErrors(version) }));
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.user = building ? null : await authenticate((await serverContext()).database.db, event);
	const response = await resolve(event);
	for (const [name, value] of Object.entries(securityHeaders)) {
		// SvelteKit sets its own CSP on pages (with hashes of its inline scripts).
		if (name === 'content-security-policy' && response.headers.has(name)) continue;
		try {
			response.headers.set(name, value);
		} catch {
			// Headers of a fetched Response are immutable; server.js adds them anyway.
		}
	}
	return response;
};

export const handleError: HandleServerError = ({ kind, error, event }) => {
	if (kind === 'unknown') console.error(`${event.request.method} ${event.url.pathname}:`, error);
};
