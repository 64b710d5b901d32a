import { json, type ApiDescription } from './common.ts';

const storage = {
	type: 'object',
	required: ['status', 'cause', 'reason'],
	properties: {
		status: { enum: ['ok', 'degraded'] },
		cause: {
			type: ['string', 'null'],
			description: 'SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR, PG_READ_ONLY, PG_DISK_FULL, PG_OUT_OF_RESOURCES or UNREACHABLE.'
		},
		reason: { type: ['string', 'null'] }
	}
};

export const healthApi: ApiDescription = {
	tag: { name: 'health', description: 'Readiness for load balancers.' },
	paths: {
		'/api/health': {
			get: {
				operationId: 'health',
				summary: 'Readiness, the model being served and the state of storage',
				security: [],
				responses: {
					200: json({ $ref: '#/components/schemas/HealthReady' }, 'Ready (or degraded: classification and reads work, writes do not).'),
					503: json({ $ref: '#/components/schemas/HealthNotReady' }, 'Not ready yet, or the champion cannot be loaded.')
				}
			}
		}
	},
	schemas: {
		StorageHealth: storage,
		HealthReady: {
			type: 'object',
			required: ['status', 'model', 'storage'],
			properties: {
				status: { enum: ['ready', 'degraded'] },
				model: { type: 'string' },
				loadedAt: { type: 'string', format: 'date-time' },
				challenger: { type: ['string', 'null'], description: 'Version running in shadow, if any.' },
				pending: { type: ['object', 'null'], description: 'A newer champion that failed to load (the old one keeps serving).' },
				storage: { $ref: '#/components/schemas/StorageHealth' }
			}
		},
		HealthNotReady: {
			type: 'object',
			required: ['status', 'model'],
			properties: {
				status: { enum: ['starting', 'unavailable'] },
				model: { type: 'null' },
				error: { type: ['string', 'null'], description: 'Error code; details are in the server log.' },
				storage: { $ref: '#/components/schemas/StorageHealth' }
			}
		}
	}
};
