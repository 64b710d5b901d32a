import { MAX_CHANGES_PER_PUSH, syncRequestSchema } from '../../sync/protocol.ts';
import { commonResponses, errorResponse, json, type ApiDescription } from './common.ts';
import { requestSchemaOf } from './from-zod.ts';

const record = {
	type: 'object',
	required: ['id', 'description', 'label', 'version', 'createdBy'],
	description: 'An inventory record as stored (src/lib/sync/protocol.ts).'
};

export const syncApi: ApiDescription = {
	tag: { name: 'sync', description: 'Inventory sync for the technician app.' },
	paths: {
		'/api/sync': {
			post: {
				operationId: 'sync',
				summary: 'Push inventory changes and pull what changed since a cursor',
				description: `At most ${MAX_CHANGES_PER_PUSH} changes per push. A resent change (same changeId, any letter case) is a duplicate, not applied twice.`,
				requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SyncRequest' } } } },
				responses: {
					200: json(
						{
							type: 'object',
							required: ['cursor', 'more', 'changes', 'results', 'conflicts'],
							properties: {
								cursor: { type: 'string' },
								more: { type: 'boolean' },
								changes: { type: 'array', items: record },
								results: {
									type: 'array',
									items: {
										type: 'object',
										required: ['changeId', 'id', 'status', 'version'],
										properties: {
											changeId: { type: 'string' },
											id: { type: 'string' },
											status: { enum: ['applied', 'rejected', 'duplicate'] },
											version: { type: 'integer' }
										}
									}
								},
								conflicts: { type: 'array', items: { type: 'object' } }
							}
						},
						'What was applied, and the changes since the cursor.'
					),
					400: errorResponse('A bad payload, naming the field; nothing of it is stored.'),
					...commonResponses({ auth: true, body: true, writes: true })
				}
			}
		}
	},
	schemas: { SyncRequest: requestSchemaOf(syncRequestSchema) }
};
