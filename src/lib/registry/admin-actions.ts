/**
 * Promote and roll back as the server does them for an admin (the Models page and
 * /api/admin/models/*): the shared promotion flow with the gate in a child process, and
 * plain checks on what the admin typed.
 */
import { gateInChildProcess } from './gate-process.ts';
import { promoteVersion, PromotionError, rollbackChampion, type PromoteOutcome } from './promotion.ts';

/** Longest reason kept in the history. */
export const MAX_REASON_CHARS = 500;

function text(value: unknown, what: string, max: number): string {
	if (typeof value !== 'string' || !value.trim()) throw new PromotionError(`${what} is missing`);
	if (value.length > max) throw new PromotionError(`${what} is ${value.length} characters long; the limit is ${max}`);
	return value.trim();
}

export function adminPromote(modelsDir: string, by: string, input: { version?: unknown; reason?: unknown }): Promise<PromoteOutcome> {
	const version = text(input.version, 'The version', 200);
	const reason = text(input.reason, 'The reason for the promotion (recorded in the registry history)', MAX_REASON_CHARS);
	return promoteVersion({ modelsDir, version, by, reason }, gateInChildProcess({ modelsDir }));
}

export function adminRollback(modelsDir: string, by: string, input: { reason?: unknown }): Promise<string> {
	const reason = text(input.reason, 'The reason for the rollback (recorded in the registry history)', MAX_REASON_CHARS);
	return rollbackChampion({ modelsDir, by, reason });
}
