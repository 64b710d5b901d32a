import type { PageServerLoad } from './$types';
import { serverContext } from '#lib/server/context.ts';
import { requirePageRole } from '#lib/server/auth/guard.ts';
import { requestRange } from '#lib/server/monitoring/range.ts';
import { monitoringSummary } from '#lib/server/monitoring/service.ts';
import { lastGoodRegistry } from '#lib/server/models/last-good-registry.ts';
import { DEFAULT_THRESHOLDS } from '#lib/server/monitoring/alerts.ts';
import { performanceSummary } from '#lib/server/monitoring/realized-store.ts';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['analyst', 'admin']);
	const range = requestRange(event.url.searchParams);
	const ctx = await serverContext();
	const [summary, registry, performance] = await Promise.all([
		monitoringSummary(ctx.database.db, ctx.config.modelsDir, range, ctx.config.telemetryRawRetentionDays),
		lastGoodRegistry(ctx.config.modelsDir).then((view) => view.registry),
		performanceSummary(ctx.database.db, { model: range.model, accuracyAlert: ctx.config.realizedAccuracyAlert })
	]);
	const versions = new Set([...(registry?.versions.map((v) => v.version) ?? []), ...summary.activeVersions.map((v) => v.modelVersion)]);
	return {
		user,
		summary,
		thresholds: DEFAULT_THRESHOLDS,
		models: [...versions].sort(),
		aliases: registry?.aliases ?? { champion: null, challenger: null },
		performance: { ...performance, accuracyAlert: ctx.config.realizedAccuracyAlert }
	};
};
