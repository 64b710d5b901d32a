import { MAX_REASON_CHARS } from '../../registry/admin-actions.ts';
import { commonResponses, errorResponse, json, type ApiDescription } from './common.ts';

const adminOnly = [{ session: [] }];
const reason = { type: 'string', minLength: 1, maxLength: MAX_REASON_CHARS, description: 'Recorded in the registry history (not blank).' };
const gate = { type: 'object', description: 'GateDecision of the release gate (src/lib/registry/).' };
const requestBody = (schema: Record<string, unknown>) => ({ required: true, content: { 'application/json': { schema } } });
const writes = commonResponses({ auth: true, body: true, writes: true });

export const adminModelsApi: ApiDescription = {
	tag: { name: 'admin-models', description: 'The model registry: versions, promotion and rollback (admin sessions only).' },
	paths: {
		'/api/admin/models': {
			get: {
				operationId: 'adminModels',
				summary: 'Every registered version with its metrics, signature and aliases, and the registry history',
				security: adminOnly,
				responses: {
					200: json(
						{
							type: 'object',
							description: 'ModelsOverview (src/lib/registry/overview.ts).',
							required: ['champion', 'challenger', 'versions', 'history'],
							properties: {
								champion: { type: ['string', 'null'] },
								challenger: { type: ['string', 'null'] },
								versions: { type: 'array', items: { type: 'object' } },
								history: { type: 'array', items: { type: 'object' } }
							}
						},
						'The overview.'
					),
					...commonResponses({ auth: true, body: false, writes: false })
				}
			}
		},
		'/api/admin/models/promote': {
			post: {
				operationId: 'adminPromoteModel',
				summary: 'Promote a version to champion through the release gate',
				description: 'The same gate as `npm run models -- promote`; 409 when the gate refuses.',
				security: adminOnly,
				requestBody: requestBody({
					type: 'object',
					required: ['version', 'reason'],
					properties: { version: { type: 'string', minLength: 1, maxLength: 200 }, reason }
				}),
				responses: {
					200: json(
						{
							type: 'object',
							required: ['promoted', 'champion', 'previous', 'gate', 'recorded'],
							properties: {
								promoted: { const: true },
								champion: { type: 'string' },
								previous: { type: ['string', 'null'] },
								gate: { type: ['object', 'null'] },
								recorded: { type: 'string' }
							}
						},
						'Promoted.'
					),
					400: errorResponse('A missing or too long version or reason, an unregistered version, or invalid JSON.'),
					409: json(
						{
							type: 'object',
							required: ['promoted', 'champion', 'gate'],
							properties: { promoted: { const: false }, champion: { type: ['string', 'null'] }, gate }
						},
						'The gate refused: nothing changed.'
					),
					...writes
				}
			}
		},
		'/api/admin/models/rollback': {
			post: {
				operationId: 'adminRollbackModel',
				summary: 'Make the previous champion the champion again',
				security: adminOnly,
				requestBody: requestBody({ type: 'object', required: ['reason'], properties: { reason } }),
				responses: {
					200: json({ type: 'object', required: ['champion'], properties: { champion: { type: 'string' } } }, 'Rolled back.'),
					400: errorResponse('A missing or too long reason, or invalid JSON.'),
					409: errorResponse('There is no earlier champion.'),
					...writes
				}
			}
		}
	}
};
