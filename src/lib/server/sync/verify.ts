/**
 * The server re-checks every pushed verdict with its own champion model: it stores its
 * own label, probability, review flag and model version, never the device's claim.
 *
 * - The user overrode the label: the override is kept, attributed to whoever set it.
 * - No override, but the device's label differs from the server's while both ran the
 *   same model version: the device claims something this model does not say; the claim
 *   is kept only as that user's override (attributed, visible, reviewable).
 * - No override, different model version (a device still on an older model is normal):
 *   the server's verdict is stored; the device's is only noted in the audit trail.
 * - The server has no model loaded yet: the device's verdict is stored with verified = 0
 *   (shown as unverified) rather than refusing an offline device's work.
 */
import type { Change } from '../../sync/protocol.ts';
import type { InventoryTable } from '../db/schema.ts';

/** The part of a classifier the check needs (the champion of src/lib/server/model-service.ts). */
export interface VerdictModel {
	readonly version: string;
	classify(texts: readonly string[]): Promise<readonly { label: 0 | 1; probability: number; needsReview: boolean }[]>;
}

export interface ServerVerdict {
	label: 0 | 1;
	probability: number;
	needsReview: boolean;
	modelVersion: string;
}

export const CLAIM_OVERRIDE_REASON = "The device's label differs from the server model of the same version; kept as this user's override.";

/** The server's verdict per description of the non-deleted changes (each text classified once). */
export async function serverVerdicts(model: VerdictModel | null, changes: readonly Change[]): Promise<Map<string, ServerVerdict>> {
	const verdicts = new Map<string, ServerVerdict>();
	if (!model) return verdicts;
	const texts = [...new Set(changes.filter((c) => !c.record.deleted).map((c) => c.record.description))];
	if (texts.length === 0) return verdicts;
	const results = await model.classify(texts);
	texts.forEach((t, i) => {
		const r = results[i];
		verdicts.set(t, { label: r.label, probability: r.probability, needsReview: r.needsReview, modelVersion: model.version });
	});
	return verdicts;
}

/**
 * Replaces the device's verdict fields of `row` (built from the change) by the server's,
 * sets override_by and returns a plain-words note for the audit trail (or null).
 */
export function reconcileVerdict(
	row: InventoryTable,
	change: Change,
	verdict: ServerVerdict | undefined,
	existing: InventoryTable | undefined,
	username: string
): string | null {
	const claim = change.record;
	const notes: string[] = [];
	const sameOverride =
		existing && existing.override_label === row.override_label && (existing.override_reason ?? null) === (row.override_reason ?? null);
	row.override_by = row.override_label === null ? null : sameOverride ? (existing.override_by ?? username) : username;
	if (claim.deleted) {
		// Deleting does not re-classify: keep what was stored.
		if (existing) Object.assign(row, pick(existing));
		else row.verified = 0;
		return null;
	}
	if (!verdict) {
		row.verified = 0;
		return `Server model not loaded: the device's verdict (${describe(claim.label, claim.probability, claim.modelVersion)}) is stored unverified.`;
	}
	row.label = verdict.label;
	row.probability = verdict.probability;
	row.needs_review = verdict.needsReview ? 1 : 0;
	row.model_version = verdict.modelVersion;
	row.verified = 1;
	if (claim.label !== verdict.label || claim.modelVersion !== verdict.modelVersion) {
		notes.push(
			`Device said ${describe(claim.label, claim.probability, claim.modelVersion)}; stored the server's ${describe(verdict.label, verdict.probability, verdict.modelVersion)}.`
		);
	}
	if (row.override_label === null && claim.label !== verdict.label && claim.modelVersion === verdict.modelVersion) {
		row.override_label = claim.label;
		row.override_reason = CLAIM_OVERRIDE_REASON;
		row.override_by = username;
		notes.push(`The device's label was kept as ${username}'s override.`);
	}
	return notes.length ? notes.join(' ') : null;
}

function pick(r: InventoryTable) {
	return {
		label: r.label,
		probability: r.probability,
		needs_review: r.needs_review,
		model_version: r.model_version,
		verified: r.verified ?? 0
	};
}

function describe(label: number, probability: number, modelVersion: string): string {
	return `${label === 1 ? 'non-compliant' : 'compliant'} (p=${probability.toFixed(3)}, model ${modelVersion})`;
}
