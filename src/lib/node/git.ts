/** The git commit that code and models are built from: recorded in release.json and model manifests. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * The full commit hash: the CI's variable when set (GitHub Actions, Azure Pipelines),
 * else `git rev-parse HEAD` in `cwd` (default this repository), else null (no git, e.g.
 * a source tarball).
 */
export function gitCommit({ cwd = REPO_ROOT, env = process.env }: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string | null {
	if (env.GITHUB_SHA) return env.GITHUB_SHA;
	if (env.BUILD_SOURCEVERSION) return env.BUILD_SOURCEVERSION;
	try {
		return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
	} catch {
		return null;
	}
}
