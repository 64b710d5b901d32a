/**
 * GET /api/health  (public: for load balancers and orchestrators)
 * -> 200 {status: "ready" | "degraded", model, challenger, loadedAt, storage}  when the champion is loaded and self-tested;
 *    "degraded": classification and reads work, but the database refuses writes (storage.cause:
 *    SQLITE_FULL, SQLITE_READONLY, PG_READ_ONLY, PG_DISK_FULL, ...; storage.reason in words)
 * -> 503 {status: "starting" | "unavailable", model: null, error, storage}  until then (Retry-After: 5)
 * Error details (paths, reasons) go to the server log, not to this public answer.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { modelService } from '#lib/server/model-service.ts';
import { serverContext } from '#lib/server/context.ts';
import { storageHealth } from '#lib/server/db/storage-health.ts';

export const GET: RequestHandler = async () => {
	const status = modelService().status();
	const storage = await storageHealth((await serverContext()).database);
	const headers = { 'cache-control': 'no-store' };
	if (status.ready) {
		return Response.json(
			{
				status: storage.status === 'ok' ? 'ready' : 'degraded',
				model: status.champion.active,
				loadedAt: status.champion.loadedAt,
				challenger: status.challenger.active,
				// A newer champion that failed to load: still serving `model`.
				pending: status.champion.error ? { version: status.champion.wanted, error: status.champion.error.code } : null,
				storage
			},
			{ headers }
		);
	}
	return Response.json(
		{ status: status.champion.error ? 'unavailable' : 'starting', model: null, error: status.champion.error?.code ?? null, storage },
		{ status: 503, headers: { ...headers, 'retry-after': '5' } }
	);
};
