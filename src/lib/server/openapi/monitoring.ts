import { rangeQuerySchema } from '../monitoring/range.ts';
import { commonResponses, errorResponse, json, type ApiDescription } from './common.ts';
import { queryParametersOf } from './from-zod.ts';

const rate = { type: ['number', 'null'] };
const noStore = { headers: { 'Cache-Control': { schema: { type: 'string' }, description: 'no-store' } } };

export const monitoringApi: ApiDescription = {
	tag: { name: 'monitoring', description: 'The monitoring page\u2019s data (analysts, admins).' },
	paths: {
		'/api/monitoring/summary': {
			get: {
				operationId: 'monitoringSummary',
				summary: 'Prediction statistics, drift, realized and estimated performance, and alerts for a time range',
				description: 'Give `from`/`to` (ISO dates) or `last` (a range ending now), not both; the default is the last 7 days.',
				parameters: queryParametersOf(rangeQuerySchema, {
					from: 'Start (ISO 8601 date or date-time).',
					to: 'End (ISO 8601 date or date-time).',
					last: 'A range ending now; not with from/to.',
					model: 'Only this model version.'
				}),
				responses: {
					200: json(
						{
							type: 'object',
							description:
								'MonitoringSummary (src/lib/server/monitoring/types.ts) with `realized` and `estimated` (src/lib/server/monitoring/realized-store.ts).',
							required: ['from', 'to', 'totals', 'timeline', 'alerts', 'realized', 'estimated', 'realizedAccuracyAlert'],
							properties: {
								from: { type: 'string' },
								to: { type: 'string' },
								model: { type: ['string', 'null'] },
								truncated: { type: 'boolean' },
								rawDataFrom: { type: ['string', 'null'] },
								rawRetentionDays: { type: ['integer', 'null'] },
								totals: { type: 'object', required: ['predictions', 'modelErrors'] },
								timeline: { type: 'array' },
								alerts: { type: 'array' },
								realized: {
									type: 'object',
									description: 'Accuracy against reviewed labels, per model version.',
									required: ['byModel'],
									properties: {
										byModel: {
											type: 'array',
											items: {
												type: 'object',
												required: ['modelVersion', 'reviewed', 'correct', 'accuracy'],
												properties: {
													modelVersion: { type: 'string' },
													reviewed: { type: 'integer' },
													correct: { type: 'integer' },
													accuracy: rate,
													ci95: { type: ['array', 'null'], items: { type: 'number' } },
													precision: rate,
													recall: rate,
													expectedAccuracy: rate
												}
											}
										}
									}
								},
								estimated: {
									type: 'object',
									description: 'CBPE estimate from calibrated probabilities alone, per model version.',
									required: ['byModel'],
									properties: {
										byModel: {
											type: 'array',
											items: {
												type: 'object',
												required: ['modelVersion', 'items', 'accuracy', 'precision', 'recall'],
												properties: {
													modelVersion: { type: 'string' },
													items: { type: 'integer' },
													accuracy: rate,
													precision: rate,
													recall: rate
												}
											}
										}
									}
								},
								realizedAccuracyAlert: { type: 'number', description: 'Realized accuracy under this raises an alert.' }
							}
						},
						'The summary.',
						noStore
					),
					400: errorResponse('A bad range.'),
					...commonResponses({ auth: true, body: false, writes: false })
				}
			}
		},
		'/api/monitoring/models': {
			get: {
				operationId: 'monitoringModels',
				summary: 'The registry\u2019s model versions and champion/challenger pointers (the page\u2019s model filter)',
				description: 'An unreadable registry (never read since start) gives empty lists.',
				responses: {
					200: json(
						{
							type: 'object',
							required: ['versions', 'aliases'],
							properties: {
								versions: { type: 'array', items: { type: 'string' } },
								aliases: {
									type: 'object',
									required: ['champion', 'challenger'],
									properties: { champion: { type: ['string', 'null'] }, challenger: { type: ['string', 'null'] } }
								}
							}
						},
						'Versions and aliases.',
						noStore
					),
					...commonResponses({ auth: true, body: false, writes: false })
				}
			}
		}
	}
};
