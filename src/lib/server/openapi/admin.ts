import { addUserSchema, auditQuerySchema, createKeySchema, exclusionSchema, patchUserSchema } from '../admin/schemas.ts';
import { API_KEY_SCOPES } from '../auth/api-keys.ts';
import { ROLES } from '../db/schema.ts';
import { commonResponses, errorResponse, json, ref, type ApiDescription } from './common.ts';
import { queryParametersOf, requestSchemaOf } from './from-zod.ts';

/** The admin APIs take browser sessions of admins only: API keys are refused (403). */
const adminOnly = [{ session: [] }];
const body = (name: string) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const invalidBody = errorResponse('A bad body, naming the field (INVALID_BODY), or invalid JSON.');
const reads = commonResponses({ auth: true, body: false, writes: false });
const writes = (withBody: boolean) => commonResponses({ auth: true, body: withBody, writes: true });
const username = { name: 'username', in: 'path', required: true, schema: { type: 'string' } };

export const adminApi: ApiDescription = {
	tag: { name: 'admin', description: 'Users, API keys, the inventory audit trail and telemetry sources (admin sessions only).' },
	paths: {
		'/api/admin/users': {
			get: {
				operationId: 'adminUsers',
				summary: 'Every user',
				security: adminOnly,
				responses: {
					200: json(
						{ type: 'object', required: ['users'], properties: { users: { type: 'array', items: ref('UserSummary') } } },
						'The users.'
					),
					...reads
				}
			},
			post: {
				operationId: 'adminAddUser',
				summary: 'Add a user',
				description: 'Without `password`, one is generated and shown once in the answer (else `password` is null).',
				security: adminOnly,
				requestBody: body('AddUserRequest'),
				responses: {
					201: json(
						{
							type: 'object',
							required: ['user', 'password'],
							properties: { user: ref('UserSummary'), password: { type: ['string', 'null'] } }
						},
						'Added.'
					),
					400: errorResponse('A bad body (INVALID_BODY), an invalid username (INVALID_USERNAME) or a weak password.'),
					409: errorResponse('The username is taken (USER_EXISTS).'),
					...writes(true)
				}
			}
		},
		'/api/admin/users/{username}': {
			patch: {
				operationId: 'adminPatchUser',
				summary: 'Disable, enable a user or change their role',
				description:
					'Give `disabled` and/or `role`. Disabling ends the user\u2019s sessions and revokes their API keys; a role change ends their sessions.',
				security: adminOnly,
				parameters: [username],
				requestBody: body('PatchUserRequest'),
				responses: {
					200: json({ type: 'object', required: ['user'], properties: { user: ref('UserSummary') } }, 'The user as now.'),
					400: invalidBody,
					404: errorResponse('No such user (USER_NOT_FOUND).'),
					409: errorResponse('The last enabled admin cannot be disabled or demoted (LAST_ADMIN).'),
					...writes(true)
				}
			}
		},
		'/api/admin/users/{username}/reset': {
			post: {
				operationId: 'adminResetPassword',
				summary: 'Reset a user\u2019s password',
				description:
					'A new generated password, shown once. The account is enabled again; its sessions end and its API keys are revoked. The body is not read (but, as for every POST, a body sent must be JSON).',
				security: adminOnly,
				parameters: [username],
				responses: {
					200: json({ type: 'object', required: ['password'], properties: { password: { type: 'string' } } }, 'The new password.'),
					400: errorResponse('The account cannot be reset (a coded error).'),
					404: errorResponse('No such user (USER_NOT_FOUND).'),
					...writes(true)
				}
			}
		},
		'/api/admin/keys': {
			get: {
				operationId: 'adminKeys',
				summary: 'Every API key (prefix, owner, scopes, expiry, last use; never the key)',
				security: adminOnly,
				responses: {
					200: json(
						{ type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: ref('ApiKeySummary') } } },
						'The keys.'
					),
					...reads
				}
			},
			post: {
				operationId: 'adminCreateKey',
				summary: 'Create an API key for a user (shown once)',
				security: adminOnly,
				requestBody: body('CreateKeyRequest'),
				responses: {
					201: json(
						{
							type: 'object',
							required: ['id', 'key', 'scopes', 'expiresAt'],
							properties: {
								id: { type: 'string' },
								key: { type: 'string' },
								scopes: { type: 'array', items: { enum: [...API_KEY_SCOPES] } },
								expiresAt: { type: ['integer', 'null'], description: 'Epoch milliseconds.' }
							}
						},
						'Created.'
					),
					400: errorResponse('A bad body (INVALID_BODY), scope (INVALID_SCOPE) or expiry (INVALID_EXPIRY), or a disabled user.'),
					404: errorResponse('No such user (USER_NOT_FOUND).'),
					...writes(true)
				}
			}
		},
		'/api/admin/keys/{id}': {
			delete: {
				operationId: 'adminRevokeKey',
				summary: 'Revoke an API key',
				description: 'No body; one sent must be JSON (415 otherwise).',
				security: adminOnly,
				parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
				responses: {
					200: json({ type: 'object', required: ['revoked'], properties: { revoked: { const: true } } }, 'Revoked.'),
					404: errorResponse('No active key has that id (KEY_NOT_FOUND).'),
					...writes(true)
				}
			}
		},
		'/api/admin/audit': {
			get: {
				operationId: 'adminAudit',
				summary: 'The audit trail of an inventory item, or a search for items',
				description: `\`?item=<UUID>\`: the item and every applied (or refused) sync change of it: who, when, change id, before, after. \`?q=<text>\`: items whose id, description or part number match.`,
				security: adminOnly,
				parameters: queryParametersOf(auditQuerySchema, { item: 'An inventory item id.', q: 'Text to search for.' }),
				responses: {
					200: json(
						{
							oneOf: [
								{
									type: 'object',
									required: ['item', 'entries'],
									properties: {
										item: { type: ['object', 'null'], description: 'The inventory record (src/lib/sync/protocol.ts), null if unknown.' },
										entries: { type: 'array', items: ref('AuditEntry') }
									}
								},
								{
									type: 'object',
									required: ['items'],
									properties: { items: { type: 'array', items: { type: 'object', required: ['id', 'description'] } } }
								}
							]
						},
						'The audit trail (?item) or the matching items (?q).'
					),
					400: errorResponse('Neither a UUID `item` nor a non-blank `q` (INVALID_QUERY).'),
					...reads
				}
			}
		},
		'/api/admin/telemetry/sources': {
			get: {
				operationId: 'adminTelemetrySources',
				summary: 'Sessions that sent telemetry (user, counts, excluded), newest first',
				security: adminOnly,
				responses: {
					200: json(
						{
							type: 'object',
							required: ['sources'],
							properties: {
								sources: {
									type: 'array',
									items: {
										type: 'object',
										required: ['sourceId', 'username', 'firstSeen', 'lastSeen', 'events', 'excluded'],
										properties: {
											sourceId: { type: 'string' },
											username: { type: 'string' },
											firstSeen: { type: 'string' },
											lastSeen: { type: 'string' },
											events: { type: 'integer' },
											excluded: { type: 'boolean' }
										}
									}
								}
							}
						},
						'The sources.'
					),
					...reads
				}
			}
		},
		'/api/admin/telemetry/exclusions': {
			post: {
				operationId: 'adminExcludeTelemetry',
				summary: 'Take a session\u2019s (or a user\u2019s) telemetry out of monitoring',
				description:
					'Moves the events it covers out of monitoring, rollups included, and drops what that session or user sends later (src/lib/server/telemetry/exclusion.ts).',
				security: adminOnly,
				requestBody: body('TelemetryExclusionRequest'),
				responses: {
					201: json(
						{
							type: 'object',
							required: ['id', 'sources', 'moved'],
							properties: { id: { type: 'string' }, sources: { type: 'integer' }, moved: { type: 'integer' } }
						},
						'Excluded: how many sessions and events it covers.'
					),
					400: invalidBody,
					404: errorResponse('No such user or session (a coded error).'),
					...writes(true)
				}
			}
		}
	},
	schemas: {
		AddUserRequest: requestSchemaOf(addUserSchema),
		PatchUserRequest: requestSchemaOf(patchUserSchema),
		CreateKeyRequest: requestSchemaOf(createKeySchema),
		TelemetryExclusionRequest: requestSchemaOf(exclusionSchema),
		UserSummary: {
			type: 'object',
			required: ['id', 'username', 'role', 'disabled', 'createdAt'],
			properties: {
				id: { type: 'string' },
				username: { type: 'string' },
				role: { enum: [...ROLES] },
				disabled: { type: 'boolean' },
				createdAt: { type: 'integer', description: 'Epoch milliseconds.' }
			}
		},
		ApiKeySummary: {
			type: 'object',
			required: ['id', 'username', 'prefix', 'scopes', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'],
			properties: {
				id: { type: 'string' },
				username: { type: 'string' },
				prefix: { type: 'string' },
				scopes: { type: 'array', items: { enum: [...API_KEY_SCOPES] } },
				createdAt: { type: 'integer' },
				expiresAt: { type: ['integer', 'null'] },
				lastUsedAt: { type: ['integer', 'null'] },
				revokedAt: { type: ['integer', 'null'] }
			}
		},
		AuditEntry: {
			type: 'object',
			description: 'AuditEntry (src/lib/server/audit/audit.ts).',
			required: ['id', 'recordId', 'changeId', 'actor', 'action'],
			properties: {
				id: { type: 'string' },
				recordId: { type: 'string' },
				changeId: { type: ['string', 'null'] },
				actor: { type: 'string' }
			}
		}
	}
};
