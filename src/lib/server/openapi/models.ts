import { errorResponse, json, type ApiDescription } from './common.ts';

const pointer = {
	type: ['object', 'null'],
	required: ['version', 'manifest'],
	properties: { version: { type: 'string' }, manifest: { type: 'string', description: 'URL of the bundle manifest.' } }
};

export const modelsApi: ApiDescription = {
	tag: { name: 'models', description: 'Model bundles for the app (public; signed, see README Security).' },
	paths: {
		'/models/manifest.json': {
			get: {
				operationId: 'modelsPointer',
				summary: 'Champion and challenger pointers (no-cache)',
				security: [],
				responses: {
					200: json(
						{ type: 'object', required: ['champion', 'challenger'], properties: { champion: pointer, challenger: pointer } },
						'The pointers.'
					),
					503: errorResponse(
						'The server cannot read its model registry (a corrupt registry.json) and has no earlier good copy; the app keeps its model.'
					)
				}
			}
		}
	}
};
