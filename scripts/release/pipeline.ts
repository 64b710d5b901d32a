/**
 * The release pipeline, one stage after another (each in stages.ts):
 *   [feedback export] -> candidate (train | take) -> sign (or verify a taken one) -> evaluate (frozen set + golden, candidate and champion)
 *   -> [field-eval] -> gate -> register decision -> build app + release.json -> publish (pointer last)
 *   -> deploy -> smoke (Chromium) ; a failure after the registry changed rolls back.
 * A rejected candidate is registered as `rejected` and nothing users see changes.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { readRegistry, type Decision } from '#lib/registry/registry.ts';
import { readDeployState } from './deploy.ts';
import type { VersionEvaluation } from './evaluate.ts';
import { DEFAULT_POLICY } from './gate.ts';
import { referenceStage } from './reference-stage.ts';
import { startRun, type ReleaseOptions, type ReleaseResult, type ReleaseRun } from './release-run.ts';
import {
	buildStage,
	candidateStage,
	deployStage,
	evaluateStage,
	gateStage,
	publishStage,
	registerStage,
	rollbackStage,
	signStage,
	smokeStage
} from './stages.ts';
import { feedbackStage, fieldEvalStage } from './field-stage.ts';

export async function runRelease(options: ReleaseOptions): Promise<ReleaseResult> {
	const run = startRun(options);
	try {
		return await releaseStages(run);
	} catch (error) {
		run.result.error = (error as Error).message;
		if (run.registryChanged) await rollbackStage(run);
		return run.result;
	}
}

async function releaseStages(run: ReleaseRun): Promise<ReleaseResult> {
	const { options, stages, result } = run;
	const before = await readRegistry({ modelsDir: options.modelsDir });
	run.previousChallenger = before.aliases.challenger;

	await feedbackStage(run);
	const candidate = await candidateStage(run);
	await signStage(run, candidate);
	const evaluations = await evaluateStage(run, candidate, before.aliases.champion);
	await fieldEvalStage(run, evaluations);
	result.referenceInventory = await referenceStage(run, candidate, before.aliases.champion);
	const gate = gateStage(run, evaluations);
	const outcome = await registerStage(run, candidate, gate, evaluations);
	if (outcome === 'rejected') return skipTheRest(run, 'rejected', 'candidate rejected: champion, pointer and deployment untouched');
	if (!options.buildApp) return skipTheRest(run, 'released', '--no-build');

	const after = await readRegistry({ modelsDir: options.modelsDir });
	const id = releaseId(candidate.version);
	const buildDir = path.join(options.workDir, 'releases', id, 'build');
	await buildStage(run, id, buildDir, after.aliases);
	await publishStage(run, buildDir);
	if (options.port === null) {
		stages.mark('deploy', 'skipped', 'no --port');
		stages.mark('smoke', 'skipped', 'nothing deployed');
	} else {
		const expected = after.aliases.champion!;
		await deployStage(run, id, buildDir, expected);
		if (options.smoke) await smokeStage(run, expected);
		else stages.mark('smoke', 'skipped', '--no-smoke');
	}
	result.status = 'released';
	await pruneBuilds(options.workDir, id);
	return result;
}

function skipTheRest({ stages, result }: ReleaseRun, status: ReleaseResult['status'], why: string): ReleaseResult {
	for (const stage of ['build', 'publish', 'deploy', 'smoke']) stages.mark(stage, 'skipped', why);
	result.status = status;
	return result;
}

function releaseId(version: string): string {
	return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${version}`;
}

/** Builds are ~80 MB: keep this release's and the ones the current and previous deployments run. */
async function pruneBuilds(workDir: string, keep: string): Promise<void> {
	const state = await readDeployState(workDir);
	const inUse = new Set([keep, state.current?.release, state.previous?.release]);
	const dir = path.join(workDir, 'releases');
	for (const name of await readdir(dir).catch(() => [] as string[]))
		if (!inUse.has(name)) await rm(path.join(dir, name), { recursive: true, force: true });
}

export { DEFAULT_POLICY };
export type { Decision, ReleaseOptions, ReleaseResult, VersionEvaluation };
