import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { createUser, disableUser, enableUser, listUsers, resetPassword, setRole } from '#lib/server/auth/users.ts';
import { ROLES } from '#lib/server/db/schema.ts';
import { act, adminOf, field } from '../form.ts';

const db = async () => (await serverContext()).database.db;

export const load: PageServerLoad = async () => ({ users: await listUsers(await db()), roles: ROLES });

export const actions: Actions = {
	add: async (event) => {
		adminOf(event);
		const data = await event.request.formData();
		const password = field(data, 'password');
		return act(async () => {
			const { user, generatedPassword } = await createUser(await db(), {
				username: field(data, 'username'),
				role: field(data, 'role'),
				password: password || undefined
			});
			return { done: `Added ${user.role} "${user.username}".`, username: user.username, password: generatedPassword };
		});
	},
	disable: async (event) => {
		adminOf(event);
		const username = field(await event.request.formData(), 'username');
		return act(async () => {
			await disableUser(await db(), username);
			return { done: `Disabled "${username}": signed out everywhere, API keys revoked.` };
		});
	},
	enable: async (event) => {
		adminOf(event);
		const username = field(await event.request.formData(), 'username');
		return act(async () => {
			await enableUser(await db(), username);
			return { done: `Enabled "${username}". Revoked API keys stay revoked.` };
		});
	},
	reset: async (event) => {
		adminOf(event);
		const username = field(await event.request.formData(), 'username');
		return act(async () => {
			const password = await resetPassword(await db(), username);
			return { done: `New password for "${username}": signed out everywhere, API keys revoked.`, username, password };
		});
	},
	role: async (event) => {
		adminOf(event);
		const data = await event.request.formData();
		const username = field(data, 'username');
		const role = field(data, 'role');
		return act(async () => {
			await setRole(await db(), username, role);
			return { done: `"${username}" is now ${role}; they sign in again to use it.` };
		});
	}
};
