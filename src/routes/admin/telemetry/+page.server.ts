import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { excludeTelemetry, listSources } from '#lib/server/telemetry/exclusion.ts';
import { act, adminOf, field } from '../form.ts';

const db = async () => (await serverContext()).database.db;

export const load: PageServerLoad = async () => ({ sources: await listSources(await db()) });

export const actions: Actions = {
	exclude: async (event) => {
		const admin = adminOf(event);
		const data = await event.request.formData();
		const reason = field(data, 'reason') || 'excluded by an admin';
		const target = field(data, 'scope') === 'user' ? { username: field(data, 'username') } : { sourceId: field(data, 'sourceId') };
		return act(async () => {
			const r = await excludeTelemetry(await db(), target, reason, admin.username);
			return {
				done: `Excluded ${'username' in target ? `every session of "${target.username}"` : 'the session'}: ${r.moved} event${r.moved === 1 ? '' : 's'} taken out of monitoring.`
			};
		});
	}
};
