/** GET /models/<version>/model.onnx, /models/<version>/manifest.json, /models/vocab/<hash>.bin: immutable. */
import { error, type RequestHandler } from '@sveltejs/kit';
import { config } from '#lib/server/config.ts';
import { bundleFileResponse } from '#lib/server/models/serve.ts';

export const GET: RequestHandler = async ({ params }) => {
	const response = await bundleFileResponse(config().modelsDir, params.path ?? '');
	if (!response) error(404, 'No such model file. GET /models/manifest.json lists the current versions.');
	return response;
};
