/**
 * Assembles the OpenAPI 3.1 document from one description per API. To add an API, write
 * its module next to this file and add it to OTHER_APIS (or pass it to openApiDocument).
 */
import { accountApi } from './account.ts';
import { adminApi } from './admin.ts';
import { adminModelsApi } from './admin-models.ts';
import { commonSchemas, type ApiDescription, type PathItem } from './common.ts';
import { healthApi } from './health.ts';
import { modelsApi } from './models.ts';
import { monitoringApi } from './monitoring.ts';
import { openApiApi } from './openapi.ts';
import { rescanApi } from './rescan.ts';
import { reviewApi } from './review.ts';
import { securityEventsApi } from './security-events.ts';
import { sessionApi } from './session.ts';
import { syncApi } from './sync.ts';
import { telemetryApi } from './telemetry.ts';

/** Every API but classify (whose limits come from its route): order = order in the document. */
export const OTHER_APIS: readonly ApiDescription[] = [
	healthApi,
	sessionApi,
	accountApi,
	syncApi,
	telemetryApi,
	monitoringApi,
	reviewApi,
	rescanApi,
	adminApi,
	securityEventsApi,
	adminModelsApi,
	modelsApi,
	openApiApi
];

export function openApiDocument(version: string, apis: readonly ApiDescription[]) {
	const paths: Record<string, PathItem> = {};
	const schemas = { ...commonSchemas };
	for (const api of apis) {
		for (const [path, item] of Object.entries(api.paths)) {
			if (paths[path]) throw new Error(`OpenAPI: ${path} is described twice`);
			const tagged = Object.fromEntries(Object.entries(item).map(([method, op]) => [method, { tags: [api.tag.name], ...op }]));
			paths[path] = tagged;
		}
		for (const [name, schema] of Object.entries(api.schemas ?? {})) {
			if (schemas[name] && schemas[name] !== schema) throw new Error(`OpenAPI: schema ${name} is defined twice`);
			schemas[name] = schema;
		}
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Compliance classifier API',
			version,
			description:
				'Classify manufacturing component descriptions as compliant (label 0) or non-compliant (label 1), sync the inventory, send anonymized telemetry, read monitoring. ' +
				'Authenticate with an API key of a service account (`npm run user -- key create NAME`) as `Authorization: Bearer <key>`, or with the session cookie of a signed-in user. ' +
				'Every answer under /api is JSON (errors too: `{message, code?}`); request bodies must be `Content-Type: application/json` (415 otherwise); a wrong method gets 405 with `Allow`.'
		},
		servers: [{ url: '/' }],
		security: [{ apiKey: [] }, { session: [] }],
		tags: apis.map((a) => a.tag),
		paths,
		components: {
			securitySchemes: {
				apiKey: { type: 'http', scheme: 'bearer', description: 'API key of a service account: `npm run user -- key create NAME`.' },
				session: { type: 'apiKey', in: 'cookie', name: 'session', description: 'Session cookie from POST /api/session or the /login page.' }
			},
			schemas
		}
	};
}
