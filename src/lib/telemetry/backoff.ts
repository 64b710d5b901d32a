/** Exponential backoff with jitter: 2 s, 4 s, 8 s ... capped at 5 minutes. */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/** Delay before retry number `attempt` (1 = first retry); `random` in [0, 1) spreads devices out. */
export function backoffDelay(attempt: number, random = Math.random()): number {
	const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
	// Full range [exp/2, exp): devices that failed together do not retry together.
	return Math.round(exp / 2 + (exp / 2) * random);
}
