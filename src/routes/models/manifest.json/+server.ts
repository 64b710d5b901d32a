/**
 * GET /models/manifest.json -> {champion: {version, manifest: "/models/<v>/manifest.json"} | null, challenger: ... | null}
 * Public (the app needs it before sign-in to work offline) and never cached.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { config } from '#lib/server/config.ts';
import { modelsPointer } from '#lib/server/models/serve.ts';

export const GET: RequestHandler = async () =>
	Response.json(await modelsPointer(config().modelsDir), { headers: { 'cache-control': 'no-cache' } });
