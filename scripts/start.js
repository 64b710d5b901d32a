// `npm start`: build the app when build/ is missing or older than the sources, then
// run server.js (PORT default 3000). The database is created and migrated on start.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'build', 'handler.js');

/**
 * Newest modification time under `target` (file or folder), 0 when it does not exist.
 * @param {string} target
 * @returns {number}
 */
function newest(target) {
	if (!existsSync(target)) return 0;
	const info = statSync(target);
	if (!info.isDirectory()) return info.mtimeMs;
	let max = info.mtimeMs;
	for (const entry of readdirSync(target)) max = Math.max(max, newest(path.join(target, entry)));
	return max;
}

const sources = ['src', 'static', 'vite.config.ts', 'package.json', 'tsconfig.json'].map((p) => path.join(root, p));
const stale = !existsSync(built) || sources.some((s) => newest(s) > statSync(built).mtimeMs);
if (stale) {
	console.log(existsSync(built) ? 'Sources changed since the last build: rebuilding...' : 'No build yet: building...');
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const r = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) {
		console.error('Build failed; fix the errors above and run "npm start" again.');
		process.exit(r.status ?? 1);
	}
}
await import(path.join(root, 'server.js'));
