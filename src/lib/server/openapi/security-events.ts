import { SECURITY_EVENT_KINDS } from '../security-log/record.ts';
import { commonResponses, errorResponse, json, type ApiDescription } from './common.ts';

export const securityEventsApi: ApiDescription = {
	tag: { name: 'security', description: 'The security event log (admins).' },
	paths: {
		'/api/admin/security-events': {
			get: {
				operationId: 'securityEvents',
				summary: 'Security events, newest first',
				description:
					'Sign-ins (success, failure, throttled), refused access (401/403), API key use (once per key per 10 minutes), password changes, model switches.',
				security: [{ session: [] }, { apiKey: [] }],
				parameters: [
					{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
					{
						name: 'before',
						in: 'query',
						required: false,
						schema: { type: 'string', format: 'date-time' },
						description: 'Only events before this time (paging).'
					},
					{ name: 'kind', in: 'query', required: false, schema: { enum: [...SECURITY_EVENT_KINDS] } },
					{ name: 'username', in: 'query', required: false, schema: { type: 'string' } }
				],
				responses: {
					200: json(
						{
							type: 'object',
							required: ['events'],
							properties: { events: { type: 'array', items: { $ref: '#/components/schemas/SecurityEvent' } } }
						},
						'The events.'
					),
					400: errorResponse('A bad query parameter.'),
					...commonResponses({ auth: true, body: false, writes: false })
				}
			}
		}
	},
	schemas: {
		SecurityEvent: {
			type: 'object',
			required: ['id', 'at', 'kind', 'userId', 'username', 'address', 'detail'],
			properties: {
				id: { type: 'string' },
				at: { type: 'string', format: 'date-time' },
				kind: { enum: [...SECURITY_EVENT_KINDS] },
				userId: { type: ['string', 'null'] },
				username: { type: ['string', 'null'] },
				address: { type: ['string', 'null'] },
				detail: { type: 'object' }
			}
		}
	}
};
