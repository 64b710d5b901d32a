/**
 * One-step rollback: the registry's champion goes back to the previous one, the pointer
 * is re-published on every target (clients switch on their next manifest check) and,
 * when this machine runs a deployment, the server restarts on the previous build.
 */
import { readRegistry, rollback, setAlias, type Decision } from '#lib/registry/registry.ts';
import { redeployPrevious, readDeployState, type Deployment } from './deploy.ts';
import { createHash } from 'node:crypto';
import { NO_CACHE, publishPointer, RELEASE_KEY } from './publish.ts';
import type { PublishTarget } from './publish-target.ts';

export interface RollbackOptions {
	modelsDir: string;
	decision: Decision;
	targets: PublishTarget[];
	/** <workDir> of a local deployment to restart on its previous build; null to leave servers alone. */
	workDir: string | null;
	/** What the release changed: the champion (default) or only the challenger alias. */
	undo?: { kind: 'champion' } | { kind: 'challenger'; previous: string | null };
	serverEnv?: NodeJS.ProcessEnv;
	/** release.json bodies the targets had before this release (restored before the pointer); absent = leave as is. */
	previousReleaseRecords?: Map<PublishTarget, Uint8Array | null>;
}

export interface RollbackReport {
	champion: string | null;
	challenger: string | null;
	deployment: Deployment | null;
}

export async function rollbackRelease(options: RollbackOptions): Promise<RollbackReport> {
	const undo = options.undo ?? { kind: 'champion' };
	const location = { modelsDir: options.modelsDir, by: options.decision.by, reason: options.decision.reason };
	if (undo.kind === 'champion') await rollback(location);
	else await setAlias('challenger', undo.previous, location);
	for (const target of options.targets) {
		const record = options.previousReleaseRecords?.get(target);
		if (record)
			await target.put(RELEASE_KEY, record, {
				contentType: 'application/json',
				cacheControl: NO_CACHE,
				sha256: createHash('sha256').update(record).digest('hex')
			});
		await publishPointer(target, options.modelsDir);
	}
	const registry = await readRegistry({ modelsDir: options.modelsDir });
	let deployment: Deployment | null = null;
	if (options.workDir && (await readDeployState(options.workDir)).current) {
		deployment = await redeployPrevious({ workDir: options.workDir, expectedModel: registry.aliases.champion, env: options.serverEnv });
	}
	return { champion: registry.aliases.champion, challenger: registry.aliases.challenger, deployment };
}
