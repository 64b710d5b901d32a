/**
 * Building blocks of the OpenAPI document: each API has one module in this folder that
 * exports an `ApiDescription` (its paths and schemas); ../../../routes/api/openapi.json
 * assembles them. Adding an API: write its module with these helpers, add it to the list
 * in `document.ts`. The property test (tests/e2e/api-openapi.spec.ts) then drives it.
 */
export type JsonSchema = Record<string, unknown>;
export type Operation = Record<string, unknown> & { responses: Record<string, unknown> };
export type PathItem = Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>;

export interface ApiDescription {
	/** Tag shown by viewers, one per API. */
	tag: { name: string; description: string };
	paths: Record<string, PathItem>;
	schemas?: Record<string, JsonSchema>;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const json = (schema: JsonSchema, description: string, extra: Record<string, unknown> = {}) => ({
	description,
	content: { 'application/json': { schema } },
	...extra
});

export const errorResponse = (description: string, extra: Record<string, unknown> = {}) => json(ref('Error'), description, extra);

const retryAfter = { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } };

/** Answers every API may give, by what the operation does. */
export function commonResponses(options: { auth: boolean; body: boolean; writes: boolean }): Record<string, unknown> {
	return {
		...(options.body
			? {
					413: errorResponse('Body over the size limit.'),
					415: errorResponse('Missing or non-JSON Content-Type: send "Content-Type: application/json".')
				}
			: {}),
		...(options.auth
			? {
					401: errorResponse('Not signed in: no session cookie or API key, or an expired one.'),
					403: errorResponse('Signed in with a role that may not do this.')
				}
			: {}),
		...(options.writes
			? {
					503: errorResponse('Storage refuses writes (disk full, read-only database); the reason is in the message.', {
						headers: retryAfter
					})
				}
			: {})
	};
}

export const rateLimited = errorResponse('Rate limit reached; see Retry-After.', { headers: retryAfter });

/** Shared schemas. */
export const commonSchemas: Record<string, JsonSchema> = {
	Error: {
		type: 'object',
		required: ['message'],
		properties: {
			message: { type: 'string', description: 'What went wrong and how to fix it.' },
			code: { type: 'string', description: 'Stable error code, when there is one.' }
		}
	}
};
