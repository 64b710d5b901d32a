/**
 * GET /api/health  (public: for load balancers and orchestrators)
 * -> 200 {status: "ready", model, challenger, loadedAt}  when the champion is loaded and self-tested
 * -> 503 {status: "starting" | "unavailable", model: null, error}  until then (Retry-After: 5)
 * Error details (paths, reasons) go to the server log, not to this public answer.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { modelService } from '#lib/server/model-service.ts';

export const GET: RequestHandler = () => {
	const status = modelService().status();
	const headers = { 'cache-control': 'no-store' };
	if (status.ready) {
		return Response.json(
			{
				status: 'ready',
				model: status.champion.active,
				loadedAt: status.champion.loadedAt,
				challenger: status.challenger.active,
				// A newer champion that failed to load: still serving `model`.
				pending: status.champion.error ? { version: status.champion.wanted, error: status.champion.error.code } : null
			},
			{ headers }
		);
	}
	return Response.json(
		{ status: status.champion.error ? 'unavailable' : 'starting', model: null, error: status.champion.error?.code ?? null },
		{ status: 503, headers: { ...headers, 'retry-after': '5' } }
	);
};
