import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { API_KEY_SCOPES, createApiKey, DEFAULT_KEY_DAYS, listApiKeys, revokeApiKey } from '#lib/server/auth/api-keys.ts';
import { listUsers } from '#lib/server/auth/users.ts';
import { act, adminOf, field } from '../form.ts';

const db = async () => (await serverContext()).database.db;

export const load: PageServerLoad = async () => {
	const [keys, users] = await Promise.all([listApiKeys(await db()), listUsers(await db())]);
	return {
		keys,
		users: users.filter((u) => !u.disabled).map((u) => u.username),
		scopes: API_KEY_SCOPES,
		defaultDays: DEFAULT_KEY_DAYS,
		now: Date.now()
	};
};

export const actions: Actions = {
	create: async (event) => {
		adminOf(event);
		const data = await event.request.formData();
		const username = field(data, 'username');
		const expires = field(data, 'expires');
		const scopes = data.getAll('scope').filter((s): s is string => typeof s === 'string');
		return act(async () => {
			const days = expires === 'never' ? null : Number(expires);
			const created = await createApiKey(await db(), username, { scopes, expiresInDays: days });
			return { created: { ...created, username } };
		});
	},
	revoke: async (event) => {
		adminOf(event);
		const id = field(await event.request.formData(), 'id');
		return act(async () => {
			const ok = await revokeApiKey(await db(), id);
			return ok ? { done: 'Key revoked: it stops working at once.' } : { message: 'That key was already revoked.' };
		});
	}
};
