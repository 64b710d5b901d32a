/**
 * The release gate for a manual promotion: evaluate the candidate and the current champion
 * (when comparable) on the frozen and realistic sets, then `decide()`. `npm run models --
 * promote` runs it in-process; the admin Models page runs it through `npm run models -- gate`.
 */
import { readRegistry } from '#lib/registry/registry.ts';
import { readManifest } from '#lib/registry/resolve.ts';
import type { GateDecision } from '#lib/registry/promotion.ts';
import { loadEvalCsv } from './eval-set.ts';
import { comparableChampion, evaluateVersion, regulationOf } from './evaluate.ts';
import { decide, DEFAULT_POLICY } from './gate.ts';

export interface JudgeOptions {
	modelsDir: string;
	/** The reason a regulation change is approved (`--approve-regulation-change`). */
	approveRegulationChange?: string;
	/** Notes on what was compared (default: none). */
	log?: (line: string) => void;
}

export async function judgePromotion(version: string, options: JudgeOptions): Promise<GateDecision> {
	const { modelsDir } = options;
	const champion = (await readRegistry({ modelsDir })).aliases.champion;
	const manifest = await readManifest(modelsDir, version);
	const comparable = await comparableChampion(modelsDir, champion ?? null, regulationOf(manifest));
	if (comparable.note) options.log?.(comparable.note);
	const samples = await loadEvalCsv();
	const golden = [...manifest.golden, ...(comparable.version ? (await readManifest(modelsDir, comparable.version)).golden : [])];
	const candidate = await evaluateVersion({ modelsDir, version, samples, golden });
	const current = comparable.version ? await evaluateVersion({ modelsDir, version: comparable.version, samples, golden }) : null;
	return decide(
		candidate,
		current,
		{ ...DEFAULT_POLICY, approveRegulationChange: options.approveRegulationChange },
		comparable.regulationChange
	);
}
