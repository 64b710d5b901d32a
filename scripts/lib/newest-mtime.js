// Newest modification time under a file or folder: `npm start` and the benchmarks use
// it to rebuild only when sources changed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Newest modification time (ms) under `target`, 0 when it does not exist.
 * @param {string} target
 * @returns {number}
 */
export function newestMtime(target) {
	if (!existsSync(target)) return 0;
	const info = statSync(target);
	if (!info.isDirectory()) return info.mtimeMs;
	let max = info.mtimeMs;
	for (const entry of readdirSync(target)) max = Math.max(max, newestMtime(path.join(target, entry)));
	return max;
}
