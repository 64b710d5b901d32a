import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password.ts';
import { commonResponses, errorResponse, json, rateLimited, type ApiDescription } from './common.ts';

export const accountApi: ApiDescription = {
	tag: { name: 'account', description: 'The signed-in user\u2019s own account.' },
	paths: {
		'/api/account/password': {
			post: {
				operationId: 'changePassword',
				summary: 'Change your own password',
				description: `Needs the current password and a new one of at least ${MIN_PASSWORD_LENGTH} characters. Your other sessions end; this one stays. Browser sessions only (not API keys). Wrong current passwords count as failed sign-ins of the account: after a few, the next try must wait (429, TOO_MANY_ATTEMPTS).`,
				security: [{ session: [] }],
				requestBody: {
					required: true,
					content: {
						'application/json': {
							schema: {
								type: 'object',
								additionalProperties: false,
								required: ['currentPassword', 'newPassword'],
								properties: {
									currentPassword: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH },
									newPassword: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH }
								}
							}
						}
					}
				},
				responses: {
					200: json({ type: 'object', required: ['message'], properties: { message: { type: 'string' } } }, 'Changed.'),
					400: errorResponse(
						'Wrong current password (WRONG_PASSWORD), too short (WEAK_PASSWORD), unchanged (SAME_PASSWORD) or not the expected JSON (INVALID_BODY).'
					),
					429: rateLimited,
					...commonResponses({ auth: true, body: true, writes: true })
				}
			}
		}
	}
};
