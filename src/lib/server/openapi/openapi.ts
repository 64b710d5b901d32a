import type { ApiDescription } from './common.ts';

export const openApiApi: ApiDescription = {
	tag: { name: 'meta', description: 'This description.' },
	paths: {
		'/api/openapi.json': {
			get: {
				operationId: 'openApi',
				summary: 'This OpenAPI 3.1 document',
				security: [],
				responses: {
					200: {
						description: 'The document.',
						content: { 'application/json': { schema: { type: 'object', required: ['openapi', 'paths'] } } }
					}
				}
			}
		}
	}
};
