import { commonResponses, errorResponse, json, type ApiDescription } from './common.ts';

export const monitoringApi: ApiDescription = {
	tag: { name: 'monitoring', description: 'The monitoring page\u2019s data (analysts, admins).' },
	paths: {
		'/api/monitoring/summary': {
			get: {
				operationId: 'monitoringSummary',
				summary: 'Prediction statistics, drift and alerts for a time range',
				parameters: [
					{ name: 'from', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
					{ name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
					{ name: 'model', in: 'query', required: false, schema: { type: 'string' } }
				],
				responses: {
					200: json(
						{
							type: 'object',
							description: 'MonitoringSummary (src/lib/server/monitoring/types.ts).',
							required: ['from', 'to', 'totals', 'timeline', 'alerts'],
							properties: {
								from: { type: 'string' },
								to: { type: 'string' },
								model: { type: ['string', 'null'] },
								truncated: { type: 'boolean' },
								rawDataFrom: { type: ['string', 'null'] },
								rawRetentionDays: { type: ['integer', 'null'] },
								totals: { type: 'object', required: ['predictions', 'modelErrors'] },
								timeline: { type: 'array' },
								alerts: { type: 'array' }
							}
						},
						'The summary.'
					),
					400: errorResponse('A bad range.'),
					...commonResponses({ auth: true, body: false, writes: false })
				}
			}
		}
	}
};
