import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { requirePageRole } from '#lib/server/auth/guard.ts';
import { modelsOverview } from '#lib/registry/overview.ts';
import { adminPromote, adminRollback, MAX_REASON_CHARS } from '#lib/registry/admin-actions.ts';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['admin']);
	const ctx = await serverContext();
	return { user, overview: await modelsOverview(ctx.config.modelsDir), maxReason: MAX_REASON_CHARS };
};

/** Expected refusals (bad input, nothing to roll back to) go back to the form in plain words. */
const expected = (e: unknown) => ['PROMOTION_INVALID', 'REGISTRY_CONFLICT'].includes((e as { code?: string }).code ?? '');

export const actions: Actions = {
	promote: async (event) => {
		const user = requirePageRole(event, ['admin']);
		const form = await event.request.formData();
		const input = { version: form.get('version'), reason: form.get('reason') };
		const ctx = await serverContext();
		try {
			const outcome = await adminPromote(ctx.config.modelsDir, user.username, input);
			if (!outcome.promoted) return fail(409, { action: 'promote' as const, version: String(input.version), outcome });
			return { action: 'promote' as const, version: String(input.version), outcome };
		} catch (e) {
			if (expected(e)) return fail(400, { action: 'promote' as const, version: String(input.version ?? ''), message: (e as Error).message });
			throw e;
		}
	},
	rollback: async (event) => {
		const user = requirePageRole(event, ['admin']);
		const form = await event.request.formData();
		const ctx = await serverContext();
		try {
			const champion = await adminRollback(ctx.config.modelsDir, user.username, { reason: form.get('reason') });
			return { action: 'rollback' as const, champion };
		} catch (e) {
			if (expected(e)) return fail(400, { action: 'rollback' as const, message: (e as Error).message });
			throw e;
		}
	}
};
