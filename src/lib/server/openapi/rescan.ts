import { commonResponses, errorResponse, json, type ApiDescription } from './common.ts';

const noStore = { headers: { 'Cache-Control': { schema: { type: 'string' }, description: 'no-store' } } };

export const rescanApi: ApiDescription = {
	tag: { name: 'rescan', description: 'Re-scans of the inventory with a new champion model (analysts, admins).' },
	paths: {
		'/api/rescan/latest': {
			get: {
				operationId: 'rescanLatest',
				summary: 'The server\u2019s most recent re-scan of the synced inventory',
				description: '`finishedAt` is null while it runs; `changed` lists the records classified so far whose label differs.',
				responses: {
					200: json(
						{
							type: 'object',
							description: 'RescanReport (src/lib/server/rescan/store.ts).',
							required: ['model', 'regulation', 'startedAt', 'finishedAt', 'total', 'changed'],
							properties: {
								model: { type: 'string' },
								regulation: { type: ['string', 'null'] },
								startedAt: { type: 'string' },
								finishedAt: { type: ['string', 'null'] },
								total: { type: 'integer' },
								changed: {
									type: 'array',
									items: {
										type: 'object',
										required: ['id', 'from', 'to'],
										properties: { id: { type: 'string' }, from: { enum: [0, 1] }, to: { enum: [0, 1] } }
									}
								}
							}
						},
						'The latest re-scan.',
						noStore
					),
					404: errorResponse('No re-scan has run yet (the server re-scans once a champion model is loaded).'),
					...commonResponses({ auth: true, body: false, writes: false })
				}
			}
		},
		'/api/rescan/devices': {
			get: {
				operationId: 'rescanDevices',
				summary: 'Devices\u2019 re-scan counts summed per model version, newest first',
				responses: {
					200: json(
						{
							type: 'object',
							required: ['models'],
							properties: {
								models: {
									type: 'array',
									items: {
										type: 'object',
										description: 'DeviceRescanCounts (src/lib/server/rescan/device-counts.ts).',
										required: ['model', 'devices', 'items', 'toNonCompliant', 'toCompliant', 'disagreeWithHuman', 'lastAt'],
										properties: {
											model: { type: 'string' },
											devices: { type: 'integer' },
											items: { type: 'integer' },
											toNonCompliant: { type: 'integer' },
											toCompliant: { type: 'integer' },
											disagreeWithHuman: { type: 'integer' },
											lastAt: { type: 'string' }
										}
									}
								}
							}
						},
						'The counts.',
						noStore
					),
					...commonResponses({ auth: true, body: false, writes: false })
				}
			}
		}
	}
};
