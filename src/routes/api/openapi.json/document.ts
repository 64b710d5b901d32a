/** The OpenAPI 3.1 document served at /api/openapi.json, written from the constants the endpoints enforce. */
import { version } from '$app/env';
import { MAX_CLASSIFY_BODY_BYTES, MAX_DESCRIPTION_CHARS, MAX_EXPLAIN_TEXTS, MAX_TEXTS, TEXTS_PER_MINUTE } from '../classify/contract.ts';

const message = {
	type: 'object',
	required: ['message'],
	properties: { message: { type: 'string', description: 'What went wrong and how to fix it.' } }
};
const errorResponse = (description: string) => ({
	description,
	content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
});

export const openApiDocument = {
	openapi: '3.1.0',
	info: {
		title: 'Compliance classifier API',
		version,
		description:
			'Classify manufacturing component descriptions as compliant (label 0) or non-compliant (label 1) with the current champion model: ' +
			'the same featurizer, ONNX model and thresholds as the offline app and the batch CLI (`npm run classify`). ' +
			'Authenticate with an API key of a service account (`npm run user -- key create NAME`) as `Authorization: Bearer <key>`, or with the session cookie of a signed-in user.'
	},
	servers: [{ url: '/' }],
	security: [{ apiKey: [] }, { session: [] }],
	paths: {
		'/api/classify': {
			post: {
				operationId: 'classify',
				summary: 'Classify up to 1,000 descriptions',
				description:
					`Results come in the order of \`texts\`. Limits: ${MAX_TEXTS} descriptions per request (${MAX_EXPLAIN_TEXTS} with explain), ` +
					`${MAX_DESCRIPTION_CHARS} characters each, ${MAX_CLASSIFY_BODY_BYTES} bytes per body, ${TEXTS_PER_MINUTE} descriptions per minute per API key (or signed-in user). ` +
					'Roles: technician (service accounts) or admin. If one description is invalid, nothing is classified and the response lists every bad index.',
				parameters: [
					{
						name: 'explain',
						in: 'query',
						required: false,
						description:
							'With 1, each result lists its tokens and how much each pushed P(non-compliant) (occlusion: P(text) - P(text without the token)).',
						schema: { type: 'string', enum: ['0', '1', 'true', 'false'] }
					}
				],
				requestBody: {
					required: true,
					content: {
						'application/json': {
							schema: { $ref: '#/components/schemas/ClassifyRequest' },
							example: { texts: ['Steel bracket manufactured in 2012, good condition', 'Plastic housing from 1987 in poor condition'] }
						}
					}
				},
				responses: {
					200: {
						description: 'One result per description, in order.',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/ClassifyResponse' } } }
					},
					400: {
						description: 'Malformed JSON, wrong shape, or descriptions that are empty or too long.',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/ValidationError' } } }
					},
					401: errorResponse('No valid API key or session (missing, wrong or revoked key).'),
					403: errorResponse('Signed in with a role that may not classify (analyst).'),
					413: errorResponse(
						`Body over ${MAX_CLASSIFY_BODY_BYTES} bytes, or more than ${MAX_TEXTS} descriptions (${MAX_EXPLAIN_TEXTS} with explain).`
					),
					429: {
						...errorResponse('Rate limit reached; see Retry-After.'),
						headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } }
					},
					503: {
						...errorResponse('No model is loaded yet (server starting); see Retry-After.'),
						headers: { 'Retry-After': { schema: { type: 'integer' } } }
					}
				}
			}
		},
		'/api/health': {
			get: {
				operationId: 'health',
				summary: 'Readiness and the model being served',
				security: [],
				responses: {
					200: {
						description: 'Ready: the champion is loaded and passed its self-test.',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/HealthReady' } } }
					},
					503: {
						description: 'Not ready yet, or the champion cannot be loaded.',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/HealthNotReady' } } }
					}
				}
			}
		}
	},
	components: {
		securitySchemes: {
			apiKey: { type: 'http', scheme: 'bearer', description: 'API key of a service account: `npm run user -- key create NAME`.' },
			session: { type: 'apiKey', in: 'cookie', name: 'session', description: 'Session cookie from POST /api/session or the /login page.' }
		},
		schemas: {
			ClassifyRequest: {
				type: 'object',
				additionalProperties: false,
				required: ['texts'],
				properties: {
					texts: {
						type: 'array',
						minItems: 1,
						maxItems: MAX_TEXTS,
						items: { type: 'string', minLength: 1, maxLength: MAX_DESCRIPTION_CHARS, description: 'A component description; not blank.' }
					}
				}
			},
			ClassifyResponse: {
				type: 'object',
				required: ['model', 'results'],
				properties: {
					model: { type: 'string', description: 'Version of the model that answered (the champion).' },
					results: { type: 'array', items: { $ref: '#/components/schemas/ClassifyResult' } }
				}
			},
			ClassifyResult: {
				type: 'object',
				required: ['label', 'probability', 'needsReview', 'reviewReasons'],
				properties: {
					label: { type: 'integer', enum: [0, 1], description: '0 compliant, 1 non-compliant (probability >= the model threshold).' },
					probability: { type: 'number', minimum: 0, maximum: 1, description: 'P(non-compliant).' },
					needsReview: { type: 'boolean', description: 'A person should check this verdict.' },
					reviewReasons: {
						type: 'array',
						items: { type: 'string' },
						examples: [['no manufacture year found', 'material not stated or not recognised']]
					},
					tokens: { type: 'array', description: 'Only with ?explain=1.', items: { $ref: '#/components/schemas/TokenContribution' } }
				}
			},
			TokenContribution: {
				type: 'object',
				required: ['text', 'start', 'end', 'kind', 'contribution'],
				properties: {
					text: { type: 'string' },
					start: { type: 'integer', description: 'Offset in the description (UTF-16 code units).' },
					end: { type: 'integer' },
					kind: { type: 'string', enum: ['word', 'number', 'code', 'year'] },
					correctedTo: { type: 'string', description: 'The vocabulary word used for a misspelt token.' },
					contribution: { type: 'number', description: 'Positive: pushed towards non-compliant.' }
				}
			},
			Error: message,
			ValidationError: {
				type: 'object',
				required: ['message', 'issues'],
				properties: {
					message: { type: 'string' },
					issues: {
						type: 'array',
						items: {
							type: 'object',
							required: ['path', 'code', 'message'],
							properties: {
								path: { type: 'string', examples: ['texts.3'] },
								code: { type: 'string', examples: ['EMPTY_TEXT', 'TEXT_TOO_LONG', 'INVALID_BODY'] },
								message: { type: 'string' }
							}
						}
					}
				}
			},
			HealthReady: {
				type: 'object',
				required: ['status', 'model'],
				properties: {
					status: { const: 'ready' },
					model: { type: 'string' },
					loadedAt: { type: 'string', format: 'date-time' },
					challenger: { type: ['string', 'null'], description: 'Version running in shadow, if any.' },
					pending: { type: ['object', 'null'], description: 'A newer champion that failed to load (the old one keeps serving).' }
				}
			},
			HealthNotReady: {
				type: 'object',
				required: ['status', 'model'],
				properties: {
					status: { enum: ['starting', 'unavailable'] },
					model: { type: 'null' },
					error: { type: ['string', 'null'], description: 'Error code; details are in the server log.' }
				}
			}
		}
	}
};
