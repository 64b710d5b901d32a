import { commonResponses, errorResponse, json, rateLimited, type ApiDescription } from './common.ts';

/** The limits the endpoint enforces (src/routes/api/classify/contract.ts, explain-limits.ts). */
export interface ClassifyLimits {
	maxTexts: number;
	maxExplainTexts: number;
	maxDescriptionChars: number;
	maxBodyBytes: number;
	textsPerMinute: number;
	explainCharsPerMinute: number;
	explainRequestsPerKey: number;
}

export function classifyApi(l: ClassifyLimits): ApiDescription {
	return {
		tag: { name: 'classify', description: 'Server-side classification for integrations (API keys) and the app.' },
		paths: {
			'/api/classify': {
				post: {
					operationId: 'classify',
					summary: `Classify up to ${l.maxTexts.toLocaleString('en')} descriptions`,
					description:
						`Results come in the order of \`texts\`. Limits: ${l.maxTexts} descriptions per request (${l.maxExplainTexts} with explain), ` +
						`${l.maxDescriptionChars} characters each, ${l.maxBodyBytes} bytes per body, ${l.textsPerMinute} descriptions per minute per API key (or signed-in user). ` +
						`With explain: ${l.explainCharsPerMinute} characters per minute per key, at most ${l.explainRequestsPerKey} explain requests of one key at a time, and a fair queue between keys. ` +
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
						200: json({ $ref: '#/components/schemas/ClassifyResponse' }, 'One result per description, in order.'),
						400: json(
							{ $ref: '#/components/schemas/ValidationError' },
							'Malformed JSON, wrong shape, descriptions that are empty or too long, or a bad explain value.'
						),
						413: errorResponse(
							`Body over ${l.maxBodyBytes} bytes, or more than ${l.maxTexts} descriptions (${l.maxExplainTexts} with explain).`
						),
						429: rateLimited,
						...commonResponses({ auth: true, body: true, writes: false }),
						503: errorResponse('No model is loaded yet (server starting); see Retry-After.', {
							headers: { 'Retry-After': { schema: { type: 'integer' } } }
						})
					}
				}
			}
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
						maxItems: l.maxTexts,
						items: { type: 'string', minLength: 1, maxLength: l.maxDescriptionChars, description: 'A component description; not blank.' }
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
			ValidationError: {
				type: 'object',
				required: ['message'],
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
			}
		}
	};
}
