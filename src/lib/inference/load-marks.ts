/**
 * `performance.mark`s along the model's load path (worker start, pointer, signature,
 * stored files, vocabulary, runtime, session, self-test, ready), named `model-load:<step>`:
 * visible in DevTools' Performance panel, and read by `npm run bench` (cold start) through
 * `performance.getEntriesByType('mark')` in the worker. Never throws.
 */
export const LOAD_MARK_PREFIX = 'model-load:';

export function markLoad(step: string): void {
	try {
		globalThis.performance?.mark?.(LOAD_MARK_PREFIX + step);
	} catch {
		// Marks are diagnostics only.
	}
}
