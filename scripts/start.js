// `npm start`: build the app when build/ is missing or older than the sources, then
// run server.js (PORT default 3000). The database is created and migrated on start.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { newestMtime } from './lib/newest-mtime.js';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'build', 'handler.js');

const sources = ['src', 'static', 'vite.config.ts', 'package.json', 'tsconfig.json'].map((p) => path.join(root, p));
const stale = !existsSync(built) || sources.some((s) => newestMtime(s) > statSync(built).mtimeMs);
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
