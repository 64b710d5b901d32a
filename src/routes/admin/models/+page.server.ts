import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { requirePageRole } from '#lib/server/auth/guard.ts';
import { modelsOverview } from '#lib/registry/overview.ts';
import { adminPromote, adminRollback, MAX_REASON_CHARS } from '#lib/registry/admin-actions.ts';
import { readManifest } from '#lib/registry/resolve.ts';
import { FEATURIZER_VERSION } from '#lib/text/featurize.ts';
import { promotionBlocker } from './promotion-blocker.ts';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['admin']);
	const ctx = await serverContext();
	const overview = await modelsOverview(ctx.config.modelsDir);
	// Versions the gate would refuse anyway: the page shows why instead of a Promote button.
	const blockers = Object.fromEntries(
		await Promise.all(
			overview.versions.map(async (v) => {
				const featurizerVersion = await readManifest(ctx.config.modelsDir, v.version).then(
					(m) => m.featurizerVersion,
					() => null
				);
				return [v.version, promotionBlocker({ signature: v.signature, featurizerVersion }, FEATURIZER_VERSION)] as const;
			})
		)
	);
	return { user, overview, blockers, maxReason: MAX_REASON_CHARS };
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
