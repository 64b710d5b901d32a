/**
 * The release pipeline, one stage after another:
 *   candidate (train | take) -> evaluate (frozen set + golden, candidate and champion)
 *   -> gate -> register decision -> build app + release.json -> publish (pointer last)
 *   -> deploy -> smoke (Chromium) ; a failure after the registry changed rolls back.
 * A rejected candidate is registered as `rejected` and nothing users see changes.
 */
import { cp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { GoldenExample } from '#lib/bundle/manifest.ts';
import { readRegistry, type Decision } from '#lib/registry/registry.ts';
import { readManifest } from '#lib/registry/resolve.ts';
import { gitCommit } from '#lib/node/git.ts';
import { appVersion, viteBuild, writeReleaseInfo, type ReleaseInfo } from './build-app.ts';
import { registeredCandidate, trainCandidate, type Candidate } from './candidate.ts';
import { recordDecision, type Outcome } from './decision.ts';
import { deploy, readDeployState, type Deployment } from './deploy.ts';
import { loadEvalCsv, FROZEN_EVAL_FILE } from './eval-set.ts';
import { evaluateVersion, type VersionEvaluation } from './evaluate.ts';
import { decide, DEFAULT_POLICY, type GateDecision, type GatePolicy } from './gate.ts';
import { publish, RELEASE_KEY, type PublishReport } from './publish.ts';
import type { PublishTarget } from './publish-target.ts';
import { rollbackRelease } from './rollback.ts';
import { smokeTest } from './smoke.ts';
import { StageLog } from './stage-log.ts';
import { percent } from '#lib/format/percent.ts';

export interface ReleaseOptions {
	modelsDir: string;
	/** Build folders, deployment state and logs: <workDir>/releases/<id>/build, <workDir>/deploy. */
	workDir: string;
	quick: boolean;
	/** Take this registered version instead of training one. */
	candidate?: string;
	train?: { seed?: number; rows?: number; epochs?: number; dataFile?: string };
	/** Register as shadow challenger instead of promoting. */
	challenger: boolean;
	by: string;
	policy: GatePolicy;
	evalFile?: string;
	targets: PublishTarget[];
	/** Skip build, publish, deploy and smoke (gate and registry only). */
	buildApp: boolean;
	/** Copy this earlier release build instead of running vite build (model-only release of the same app). */
	reuseBuild?: string;
	/** Port of the local deployment; null = no deploy (and no smoke). */
	port: number | null;
	smoke: boolean;
	smokeCredentials?: { username?: string; password?: string };
	/** Environment for the deployed server (DATABASE_URL ...). */
	serverEnv?: NodeJS.ProcessEnv;
	log: (line: string) => void;
}

export interface ReleaseResult {
	status: 'released' | 'rejected' | 'rolled-back' | 'failed';
	candidate: string | null;
	outcome: Outcome | null;
	gate: GateDecision | null;
	release: ReleaseInfo | null;
	published: PublishReport[];
	deployment: Deployment | null;
	error: string | null;
	stages: StageLog;
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

export async function runRelease(options: ReleaseOptions): Promise<ReleaseResult> {
	const stages = new StageLog(options.log);
	const result: ReleaseResult = {
		status: 'failed',
		candidate: null,
		outcome: null,
		gate: null,
		release: null,
		published: [],
		deployment: null,
		error: null,
		stages
	};
	const decisionBase = { modelsDir: options.modelsDir, by: options.by };
	let registryChanged = false;
	let previousChallenger: string | null = null;
	const previousReleaseRecords = new Map<PublishTarget, Uint8Array | null>();
	try {
		const before = await readRegistry({ modelsDir: options.modelsDir });
		previousChallenger = before.aliases.challenger;
		const champion = before.aliases.champion;

		const candidate: Candidate = await stages.run(
			options.candidate ? 'candidate' : 'train',
			() =>
				options.candidate
					? registeredCandidate(options.modelsDir, options.candidate)
					: trainCandidate({ modelsDir: options.modelsDir, quick: options.quick, ...options.train, log: options.log }),
			(c) =>
				`${c.version} (${c.manifest.architecture}, training test accuracy ${percent(c.manifest.metrics.accuracy, 2)})${c.warnings.length ? `; ${c.warnings.join('; ')}` : ''}`
		);
		result.candidate = candidate.version;

		const evaluations = await stages.run(
			'evaluate',
			async () => {
				const samples = await loadEvalCsv(options.evalFile ?? FROZEN_EVAL_FILE);
				const golden: GoldenExample[] = [...candidate.manifest.golden];
				if (champion) golden.push(...(await readManifest(options.modelsDir, champion)).golden);
				const latencyRuns = options.quick ? 100 : 300;
				const cand = await evaluateVersion({ modelsDir: options.modelsDir, version: candidate.version, samples, golden, latencyRuns });
				const champ = champion
					? await evaluateVersion({ modelsDir: options.modelsDir, version: champion, samples, golden, latencyRuns })
					: null;
				return { candidate: cand, champion: champ };
			},
			(e) =>
				`candidate ${percent(e.candidate.report.accuracy, 2)} on ${e.candidate.report.count} frozen rows (hand-written ${percent(e.candidate.report.slices.source?.['hand-written']?.accuracy ?? NaN, 2)}), golden ${e.candidate.golden.correct}/${e.candidate.golden.count}, p50 ${e.candidate.p50Ms.toFixed(3)} ms` +
				(e.champion
					? `; champion ${e.champion.version} ${percent(e.champion.report.accuracy, 2)}, golden ${e.champion.golden.correct}/${e.champion.golden.count}`
					: '; no champion (absolute floors apply)')
		);

		const gateStarted = performance.now();
		const gate = decide(evaluations.candidate, evaluations.champion, options.policy);
		result.gate = gate;
		const failedSlices = gate.checks.filter((c) => !c.ok && c.name.startsWith('slice '));
		for (const check of gate.checks.filter((c) => !failedSlices.slice(8).includes(c)))
			options.log(`    ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
		if (failedSlices.length > 8) options.log(`    FAIL ... and ${failedSlices.length - 8} more slices`);
		stages.mark(
			'gate',
			gate.pass ? 'passed' : 'rejected',
			gate.pass ? 'candidate is not worse than the champion and within budgets' : gate.reason,
			(performance.now() - gateStarted) / 1000
		);

		const outcome: Outcome = !gate.pass ? 'rejected' : options.challenger ? 'challenger' : 'champion';
		result.outcome = outcome;
		const frozenMetrics = {
			frozenEval: {
				accuracy: evaluations.candidate.report.accuracy,
				count: evaluations.candidate.report.count,
				p50Ms: evaluations.candidate.p50Ms
			}
		};
		const why = gate.pass
			? `release gate ${gate.reason}; frozen-eval accuracy ${percent(evaluations.candidate.report.accuracy, 2)}`
			: `release gate ${gate.reason}`;
		await stages.run(
			'register',
			() => recordDecision(candidate, outcome, { ...decisionBase, reason: why }, frozenMetrics),
			() => `${candidate.version} -> ${outcome} (by ${options.by})`
		);
		registryChanged = outcome !== 'rejected';

		if (outcome === 'rejected') {
			for (const s of ['build', 'publish', 'deploy', 'smoke'])
				stages.mark(s, 'skipped', 'candidate rejected: champion, pointer and deployment untouched');
			result.status = 'rejected';
			return result;
		}
		if (!options.buildApp) {
			for (const s of ['build', 'publish', 'deploy', 'smoke']) stages.mark(s, 'skipped', '--no-build');
			result.status = 'released';
			return result;
		}

		const after = await readRegistry({ modelsDir: options.modelsDir });
		const id = releaseId(candidate.version);
		const buildDir = path.join(options.workDir, 'releases', id, 'build');
		result.release = await stages.run(
			'build',
			async () => {
				if (options.reuseBuild) await cp(options.reuseBuild, buildDir, { recursive: true });
				else await viteBuild(buildDir, path.join(options.workDir, 'releases', id, 'build.log'));
				return writeReleaseInfo(buildDir, {
					release: id,
					appVersion: await appVersion(),
					gitCommit: gitCommit(),
					champion: after.aliases.champion,
					challenger: after.aliases.challenger,
					builtAt: new Date().toISOString()
				});
			},
			(r) =>
				`${path.relative(process.cwd(), buildDir) || buildDir}${options.reuseBuild ? ` (copied from ${options.reuseBuild})` : ''}; app ${r.appVersion} (${r.gitCommit?.slice(0, 10) ?? 'no git'}), featurizer ${r.featurizerVersion}, champion ${r.champion}, challenger ${r.challenger ?? '-'}`
		);

		for (const target of options.targets) {
			previousReleaseRecords.set(target, await target.get(RELEASE_KEY));
			result.published.push(
				await stages.run(
					`publish ${target.name.split(' ')[0]}`,
					() => publish(target, { buildDir, modelsDir: options.modelsDir, release: result.release!, log: options.log }),
					(p) => `${p.target}: ${p.uploaded} uploaded, ${p.skipped} skipped (${(p.bytes / 1e6).toFixed(1)} MB), pointer last`
				)
			);
		}
		if (options.targets.length === 0) stages.mark('publish', 'skipped', 'no target');

		if (options.port === null) {
			stages.mark('deploy', 'skipped', 'no --port');
			stages.mark('smoke', 'skipped', 'nothing deployed');
		} else {
			const expected = after.aliases.champion!;
			result.deployment = await stages.run(
				'deploy',
				() =>
					deploy({
						release: id,
						buildDir,
						modelsDir: options.modelsDir,
						port: options.port!,
						workDir: options.workDir,
						expectedModel: expected,
						env: options.serverEnv
					}),
				(d) => `server pid ${d.pid} on http://127.0.0.1:${d.port}, /api/health ready with ${expected}`
			);
			if (options.smoke) {
				const golden = (await readManifest(options.modelsDir, expected)).golden;
				await stages.run(
					'smoke',
					() => smokeTest({ url: `http://127.0.0.1:${options.port}`, expectedModel: expected, golden, ...options.smokeCredentials }),
					(s) => `signed in, ${s.classified} golden examples right in Chromium (${s.backend}), model ${s.model}`
				);
			} else stages.mark('smoke', 'skipped', '--no-smoke');
		}
		result.status = 'released';
		await pruneBuilds(options.workDir, id);
		return result;
	} catch (error) {
		result.error = (error as Error).message;
		if (registryChanged) {
			await stages
				.run(
					'rollback',
					() =>
						rollbackRelease({
							modelsDir: options.modelsDir,
							decision: { by: options.by, reason: `automatic rollback: ${result.error}` },
							targets: options.targets,
							// Restart the previous server only if this release replaced it (deploy() restores it itself when it fails).
							workDir: result.deployment ? options.workDir : null,
							undo: result.outcome === 'challenger' ? { kind: 'challenger', previous: previousChallenger } : { kind: 'champion' },
							serverEnv: options.serverEnv,
							previousReleaseRecords
						}),
					(r) =>
						`champion ${r.champion}, challenger ${r.challenger ?? '-'}, pointer re-published${r.deployment ? `, server back on ${r.deployment.release}` : ''}`
				)
				.then(
					() => (result.status = 'rolled-back'),
					(e) => options.log(`ROLLBACK FAILED: ${(e as Error).message}. Run "npm run models -- rollback" by hand.`)
				);
		}
		return result;
	}
}

export { DEFAULT_POLICY };
export type { Decision, VersionEvaluation };
