import { MAX_EVENTS_PER_BATCH, MAX_TELEMETRY_BODY_BYTES, telemetryBatchSchema } from '../../telemetry/event.ts';
import { commonResponses, json, rateLimited, type ApiDescription } from './common.ts';
import { requestSchemaOf } from './from-zod.ts';

export const telemetryApi: ApiDescription = {
	tag: { name: 'telemetry', description: 'Anonymized prediction events (README, Privacy).' },
	paths: {
		'/api/telemetry': {
			post: {
				operationId: 'telemetry',
				summary: 'Send a batch of anonymized events',
				description: `1 to ${MAX_EVENTS_PER_BATCH} events, at most ${MAX_TELEMETRY_BODY_BYTES} bytes. A resent event (same eventId, any letter case) is counted as a duplicate.`,
				requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/TelemetryBatch' } } } },
				responses: {
					200: json(
						{
							type: 'object',
							required: ['accepted', 'duplicates'],
							properties: { accepted: { type: 'integer' }, duplicates: { type: 'integer' }, expired: { type: 'integer' } }
						},
						'Stored.'
					),
					400: json(
						{
							type: 'object',
							required: ['message'],
							properties: { message: { type: 'string' }, rejected: { type: 'array', items: { type: 'integer' } } }
						},
						'Invalid events (their indexes in `rejected`); nothing stored.'
					),
					429: rateLimited,
					...commonResponses({ auth: true, body: true, writes: true })
				}
			}
		}
	},
	schemas: { TelemetryBatch: requestSchemaOf(telemetryBatchSchema) }
};
