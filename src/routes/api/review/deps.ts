/** The review routes' dependencies: the server's database, audit rate and the champion's explanations. */
import { serverContext } from '#lib/server/context.ts';
import { modelService } from '#lib/server/model-service.ts';
import type { Explainer, ReviewDeps } from '#lib/server/review/http.ts';

function championExplainer(): Explainer {
	const service = modelService();
	if (!service.ready) return null;
	const champion = service.champion;
	return { version: champion.version, explain: (text) => champion.explain(text) };
}

export async function reviewDeps(): Promise<ReviewDeps> {
	const ctx = await serverContext();
	return { db: ctx.database.db, auditRate: ctx.config.reviewAuditRate, explainer: championExplainer };
}
