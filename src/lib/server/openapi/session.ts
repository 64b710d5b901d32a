import { commonResponses, errorResponse, json, rateLimited, ref, type ApiDescription } from './common.ts';

const user = {
	type: 'object',
	required: ['id', 'username', 'role'],
	properties: { id: { type: 'string' }, username: { type: 'string' }, role: { enum: ['technician', 'analyst', 'admin'] } }
};

export const sessionApi: ApiDescription = {
	tag: { name: 'session', description: 'Sign in and out (browser sessions, HttpOnly cookie).' },
	paths: {
		'/api/session': {
			get: {
				operationId: 'whoAmI',
				summary: 'The signed-in user',
				responses: {
					200: json({ type: 'object', required: ['user'], properties: { user: ref('User') } }, 'Signed in.'),
					...commonResponses({ auth: true, body: false, writes: false })
				}
			},
			post: {
				operationId: 'signIn',
				summary: 'Sign in; sets the session cookie',
				security: [],
				description:
					'Failed sign-ins are slowed per account and address with growing delays (15 s doubling to 15 min after LOGIN_MAX_FAILURES_PER_USER failures), never a lockout; a browser session ends after SESSION_IDLE_MINUTES without requests.',
				requestBody: {
					required: true,
					content: {
						'application/json': {
							schema: {
								type: 'object',
								required: ['username', 'password'],
								properties: {
									username: { type: 'string', minLength: 1, maxLength: 64 },
									password: { type: 'string', minLength: 1, maxLength: 1024 }
								}
							}
						}
					}
				},
				responses: {
					200: json(
						{
							type: 'object',
							required: ['user', 'expiresAt'],
							properties: { user: ref('User'), expiresAt: { type: 'string', format: 'date-time' } }
						},
						'Signed in.'
					),
					400: errorResponse('Not {username, password} JSON.'),
					401: errorResponse('Wrong username or password (code INVALID_CREDENTIALS).'),
					429: rateLimited,
					...commonResponses({ auth: false, body: true, writes: true })
				}
			},
			delete: {
				operationId: 'signOut',
				summary: 'End the session (with ?user=ID only if it is that user\u2019s)',
				parameters: [{ name: 'user', in: 'query', required: false, schema: { type: 'string' } }],
				responses: {
					204: { description: 'Signed out (also when there was no session).' },
					...commonResponses({ auth: false, body: false, writes: true })
				}
			}
		}
	},
	schemas: { User: user }
};
