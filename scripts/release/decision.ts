/**
 * Record the gate's decision in the registry: promote (champion), shadow (challenger)
 * or reject. Every change is one history event with who, when, why and the previous
 * champion (src/lib/registry/registry.ts writes them atomically).
 */
import { registerVersion, rejectVersion, setAlias, type Decision } from '#lib/registry/registry.ts';
import type { Candidate } from './candidate.ts';
import { entryFromManifest } from './candidate.ts';

export type Outcome = 'champion' | 'challenger' | 'rejected';

export async function recordDecision(
	candidate: Candidate,
	outcome: Outcome,
	decision: Decision,
	extraMetrics: Record<string, unknown>
): Promise<void> {
	if (!candidate.entry) {
		await registerVersion(entryFromManifest(candidate.manifest, extraMetrics), {
			...decision,
			status: outcome === 'rejected' ? 'rejected' : outcome
		});
		return;
	}
	if (outcome === 'rejected') await rejectVersion(candidate.version, decision);
	else await setAlias(outcome, candidate.version, decision);
}
