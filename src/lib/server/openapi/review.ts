import { decisionSchema, listQuerySchema } from '../review/contract.ts';
import { commonResponses, errorResponse, json, ref, type ApiDescription } from './common.ts';
import { queryParametersOf, requestSchemaOf } from './from-zod.ts';

const binary = { enum: [0, 1] };

export const reviewApi: ApiDescription = {
	tag: { name: 'review', description: 'The review queue: analysts confirm, correct or reject verdicts (analysts, admins).' },
	paths: {
		'/api/review': {
			get: {
				operationId: 'reviewList',
				summary: 'Items waiting for review, or the decided ones',
				description: 'Contract: src/lib/server/review/contract.ts. Analysts and admins.',
				parameters: queryParametersOf(listQuerySchema, {
					explain: 'Add the words that drove each verdict (the current champion\u2019s explanation).'
				}),
				responses: {
					200: json(
						{ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('ReviewItem') } } },
						'The items.'
					),
					400: errorResponse('A bad or unknown query parameter.'),
					...commonResponses({ auth: true, body: false, writes: false })
				}
			}
		},
		'/api/review/{id}': {
			post: {
				operationId: 'reviewDecide',
				summary: 'Decide a review item',
				description:
					'confirm: the label shown (the override, else the model\u2019s) is right; correct: the right label is the other one (`label` required and must differ); reject: not usable as a label (no `label`). Devices pull the decision at their next sync.',
				parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The inventory item id.' }],
				requestBody: { required: true, content: { 'application/json': { schema: ref('ReviewDecision') } } },
				responses: {
					200: json({ type: 'object', required: ['item'], properties: { item: ref('ReviewItem') } }, 'The item with its review.'),
					400: errorResponse('A bad body, or a label that contradicts the decision.'),
					404: errorResponse('No such item.'),
					...commonResponses({ auth: true, body: true, writes: true })
				}
			}
		}
	},
	schemas: {
		ReviewDecision: requestSchemaOf(decisionSchema),
		ReviewItem: {
			type: 'object',
			description: 'ReviewItem (src/lib/server/review/contract.ts).',
			required: ['id', 'description', 'label', 'probability', 'modelVersion', 'needsReview', 'override', 'reason', 'review', 'source'],
			properties: {
				id: { type: 'string' },
				description: { type: 'string' },
				label: binary,
				probability: { type: 'number' },
				modelVersion: { type: 'string' },
				needsReview: { type: 'boolean' },
				override: { enum: [0, 1, null] },
				reason: { type: ['string', 'null'] },
				review: {
					type: ['object', 'null'],
					required: ['decision', 'label', 'reviewer', 'reviewedAt', 'modelVersion'],
					properties: {
						decision: { enum: ['confirm', 'correct', 'reject'] },
						label: { enum: [0, 1, null] },
						note: { type: ['string', 'null'] },
						reviewer: { type: 'string' },
						reviewedAt: { type: 'string' },
						modelVersion: { type: 'string' }
					}
				},
				source: { enum: ['override', 'needs-review', 'audit', 'other'] },
				partNumber: { type: ['string', 'null'] },
				createdBy: { type: 'string' },
				updatedAt: { type: 'string' },
				tokens: { type: 'array', items: { type: 'object' } },
				explainedBy: { type: 'string' }
			}
		}
	}
};
