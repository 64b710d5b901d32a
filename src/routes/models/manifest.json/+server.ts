/**
 * GET /models/manifest.json -> {champion: {version, manifest: "/models/<v>/manifest.json"} | null, challenger: ... | null}
 * Public (the app needs it before sign-in to work offline) and never cached. A registry.json
 * that cannot be read serves the last good pointer; with none: 503 {message} (Retry-After).
 */
import type { RequestHandler } from '@sveltejs/kit';
import { config } from '#lib/server/config.ts';
import { lastGoodRegistry } from '#lib/server/models/last-good-registry.ts';
import { pointerOf } from '#lib/server/models/serve.ts';

export const GET: RequestHandler = async () => {
	const { registry } = await lastGoodRegistry(config().modelsDir);
	if (!registry) {
		return Response.json(
			{ message: 'The model list is unavailable: the server cannot read its model registry. Retry later; the app keeps its model.' },
			{ status: 503, headers: { 'cache-control': 'no-store', 'retry-after': '30' } }
		);
	}
	return Response.json(pointerOf(registry), { headers: { 'cache-control': 'no-cache' } });
};
