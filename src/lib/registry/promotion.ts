/**
 * Promote and roll back the champion by hand, the one flow the CLI (`npm run models --
 * promote|rollback`) and the admin Models page share: the candidate must pass the release
 * gate (a judge the caller passes in: in-process for the CLI, the CLI's `gate` command in a
 * child process for the server), and the reason is recorded in the registry history.
 */
import { CodedError } from '../errors.ts';
import { getVersion, readRegistry, rollback, setAlias } from './registry.ts';

export interface GateCheck {
	name: string;
	ok: boolean;
	detail: string;
}

export interface GateDecision {
	pass: boolean;
	checks: GateCheck[];
	/** One line: the failed checks, or what passed. */
	reason: string;
}

/** Runs the release gate for `version` against the current champion. */
export type GateJudge = (version: string) => Promise<GateDecision>;

export class PromotionError extends CodedError<'PROMOTION_INVALID'> {
	constructor(message: string) {
		super('PROMOTION_INVALID', message);
	}
}

export interface PromoteRequest {
	modelsDir: string;
	version: string;
	/** Who decides (recorded). */
	by: string;
	/** Why (recorded); required with `force`. */
	reason: string;
	/** Skip the gate (CLI `--force`); the reason says why. */
	force?: boolean;
}

export type PromoteOutcome =
	| { promoted: true; champion: string; previous: string | null; gate: GateDecision | null; recorded: string }
	| { promoted: false; champion: string | null; gate: GateDecision };

/** The history line of a manual promotion. */
export function promotionRecord(gate: GateDecision | null, reason: string): string {
	const why = reason.trim();
	if (!gate) return `manual promote with --force: ${why}`;
	return `manual promote, gate ${gate.reason}${why ? `; ${why}` : ''}`;
}

export async function promoteVersion(request: PromoteRequest, judge: GateJudge): Promise<PromoteOutcome> {
	const { modelsDir, version, by } = request;
	if (!(await getVersion(version, { modelsDir })))
		throw new PromotionError(`${version} is not registered; see "npm run models -- list" for the versions there are`);
	if (request.force && !request.reason.trim())
		throw new PromotionError('A forced promotion needs a reason: it is recorded in the registry history');
	const previous = (await readRegistry({ modelsDir })).aliases.champion;
	let gate: GateDecision | null = null;
	if (!request.force) {
		gate = await judge(version);
		if (!gate.pass) return { promoted: false, champion: previous, gate };
	}
	const recorded = promotionRecord(gate, request.reason);
	await setAlias('champion', version, { modelsDir, by, reason: recorded });
	return { promoted: true, champion: version, previous, gate, recorded };
}

export interface RollbackRequest {
	modelsDir: string;
	by: string;
	reason: string;
}

/** The previous champion again, in one step; returns the champion now. */
export async function rollbackChampion(request: RollbackRequest): Promise<string> {
	const reason = request.reason.trim();
	if (!reason) throw new PromotionError('A rollback needs a reason: it is recorded in the registry history');
	return rollback({ modelsDir: request.modelsDir, by: request.by, reason });
}
