/**
 * Build the PWA (`vite build`) into the release's own folder (BUILD_DIR, read by
 * vite.config.ts and server.js) and record what was built together in release.json:
 * the app version, the git commit, the model aliases and the featurizer version this
 * build supports (the app refuses bundles made for another featurizer).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FEATURIZER_VERSION } from '#lib/text/index.ts';
import { REPO_ROOT } from './deploy.ts';
import { CodedError } from '#lib/errors.ts';

export interface ReleaseInfo {
	release: string;
	appVersion: string;
	/** SvelteKit's build version (_app/version.json), what the service worker compares. */
	kitVersion: string | null;
	gitCommit: string | null;
	champion: string | null;
	challenger: string | null;
	/** The regulation in force: the one the champion was trained for (issue 16). */
	regulation?: { id: string; title: string | null } | null;
	featurizerVersion: string;
	builtAt: string;
}

export class BuildError extends CodedError<'BUILD_FAILED'> {
	constructor(message: string) {
		super('BUILD_FAILED', message);
	}
}

export async function appVersion(): Promise<string> {
	return (JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs vite build; the output goes to a log file (its tail is shown on failure). */
export async function viteBuild(buildDir: string, logFile: string): Promise<void> {
	await mkdir(path.dirname(logFile), { recursive: true });
	const log = createWriteStream(logFile);
	const code = await new Promise<number>((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
			cwd: REPO_ROOT,
			env: { ...process.env, BUILD_DIR: buildDir },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child.stdout.pipe(log, { end: false });
		child.stderr.pipe(log, { end: false });
		child.on('error', reject);
		child.on('exit', (c) => resolve(c ?? 1));
	});
	log.end();
	if (code !== 0) {
		const tail = (await readFile(logFile, 'utf8')).trim().split('\n').slice(-15).join('\n');
		throw new BuildError(`vite build exited with ${code}; fix the errors and run the release again. Log ${logFile}:\n${tail}`);
	}
}

/**
 * Writes <build>/release.json (next to handler.js: adapter-node serves only files known at
 * build time, so the CDN copy published by publish.ts is the one clients read) and returns it.
 */
export async function writeReleaseInfo(
	buildDir: string,
	info: Omit<ReleaseInfo, 'kitVersion' | 'featurizerVersion'>
): Promise<ReleaseInfo> {
	const kit = await readFile(path.join(buildDir, 'client/_app/version.json'), 'utf8').then(
		(t) => (JSON.parse(t) as { version: string }).version,
		() => null
	);
	const release: ReleaseInfo = { ...info, kitVersion: kit, featurizerVersion: FEATURIZER_VERSION };
	await writeFile(path.join(buildDir, 'release.json'), `${JSON.stringify(release, null, '\t')}\n`);
	return release;
}
