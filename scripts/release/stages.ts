/**
 * The release stages, one function each, in the order runRelease (pipeline.ts) calls
 * them. Each logs through the run's StageLog and records what it did in `run.result`.
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import type { GoldenExample } from '#lib/bundle/manifest.ts';
import type { Registry } from '#lib/bundle/registry.ts';
import { percent } from '#lib/format/percent.ts';
import { gitCommit } from '#lib/node/git.ts';
import { readManifest } from '#lib/registry/resolve.ts';
import { appVersion, viteBuild, writeReleaseInfo } from './build-app.ts';
import { registeredCandidate, trainCandidate, type Candidate } from './candidate.ts';
import { recordDecision, type Outcome } from './decision.ts';
import { deploy } from './deploy.ts';
import { FROZEN_EVAL_FILE, loadEvalCsv } from './eval-set.ts';
import { comparableChampion, evaluateVersion, regulationOf, type RegulationChange, type VersionEvaluation } from './evaluate.ts';
import { approveRegulationChange } from '#lib/registry/registry.ts';
import { decide, type GateDecision } from './gate.ts';
import { publish, RELEASE_KEY } from './publish.ts';
import type { ReleaseRun } from './release-run.ts';
import { rollbackRelease } from './rollback.ts';
import { signCandidate } from './sign.ts';
import { smokeTest } from './smoke.ts';

export interface Evaluations {
	candidate: VersionEvaluation;
	champion: VersionEvaluation | null;
	/** Set when the champion was trained for another regulation. */
	regulationChange: RegulationChange | null;
}

/** A manifest's regulation for release.json (older bundles record none: cutoff-1995). */
const regulationInForce = (m: { regulation?: { id: string; title: string } }) => m.regulation ?? { id: regulationOf(m), title: null };

/** Gate checks listed one per line; failed slices beyond this many are counted. */
const MAX_FAILED_SLICES_LISTED = 8;

/** Train a candidate, or take a registered version (--candidate). */
export async function candidateStage({ options, stages, result }: ReleaseRun): Promise<Candidate> {
	const candidate = await stages.run(
		options.candidate ? 'candidate' : 'train',
		() =>
			options.candidate
				? registeredCandidate(options.modelsDir, options.candidate)
				: trainCandidate({
						modelsDir: options.modelsDir,
						quick: options.quick,
						...options.train,
						warmStart: options.warmStart ?? options.feedback === true,
						log: options.log
					}),
		(c) =>
			`${c.version} (${c.fineTunedFrom ? `fine-tuned from ${c.fineTunedFrom}, ` : ''}${c.manifest.architecture}, training test accuracy ${percent(c.manifest.metrics.accuracy, 2)})${c.warnings.length ? `; ${c.warnings.join('; ')}` : ''}`
	);
	result.candidate = candidate.version;
	return candidate;
}

/** Sign a freshly trained candidate; check the signature of a registered one (sign.ts). */
export async function signStage({ options, stages }: ReleaseRun, candidate: Candidate): Promise<void> {
	await stages.run(
		'sign',
		() => signCandidate({ modelsDir: options.modelsDir, version: candidate.version, trainedNow: !options.candidate, log: options.log }),
		(summary) => summary
	);
}

/** The candidate and the champion on the frozen set and both golden lists. */
export function evaluateStage({ options, stages }: ReleaseRun, candidate: Candidate, champion: string | null): Promise<Evaluations> {
	return stages.run(
		'evaluate',
		async () => {
			const samples = await loadEvalCsv(options.evalFile ?? FROZEN_EVAL_FILE);
			const golden: GoldenExample[] = [...candidate.manifest.golden];
			const comparable = await comparableChampion(options.modelsDir, champion, regulationOf(candidate.manifest));
			if (comparable.note) options.log(`  ${comparable.note}`);
			if (comparable.version) golden.push(...(await readManifest(options.modelsDir, comparable.version)).golden);
			const latencyRuns = options.quick ? 100 : 300;
			const cand = await evaluateVersion({ modelsDir: options.modelsDir, version: candidate.version, samples, golden, latencyRuns });
			const champ = comparable.version
				? await evaluateVersion({ modelsDir: options.modelsDir, version: comparable.version, samples, golden, latencyRuns })
				: null;
			return { candidate: cand, champion: champ, regulationChange: comparable.regulationChange };
		},
		(e) =>
			`candidate ${percent(e.candidate.report.accuracy, 2)} on ${e.candidate.report.count} frozen rows (hand-written ${percent(e.candidate.report.slices.source?.['hand-written']?.accuracy ?? NaN, 2)}), golden ${e.candidate.golden.correct}/${e.candidate.golden.count}, p50 ${e.candidate.p50Ms.toFixed(3)} ms` +
			(e.champion
				? `; champion ${e.champion.version} ${percent(e.champion.report.accuracy, 2)}, golden ${e.champion.golden.correct}/${e.champion.golden.count}`
				: '; no champion (absolute floors apply)')
	);
}

/** The gate's verdict (gate.ts decide()), every check logged. A rejection is a result, not a failure. */
export function gateStage({ options, stages, result }: ReleaseRun, evaluations: Evaluations): GateDecision {
	const started = performance.now();
	const gate = decide(evaluations.candidate, evaluations.champion, options.policy, evaluations.regulationChange);
	result.gate = gate;
	const failedSlices = gate.checks.filter((c) => !c.ok && c.name.startsWith('slice '));
	const unlisted = failedSlices.slice(MAX_FAILED_SLICES_LISTED);
	for (const check of gate.checks.filter((c) => !unlisted.includes(c)))
		options.log(`    ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
	if (unlisted.length > 0) options.log(`    FAIL ... and ${unlisted.length} more slices`);
	stages.mark(
		'gate',
		gate.pass ? 'passed' : 'rejected',
		gate.pass ? 'candidate is not worse than the champion and within budgets' : gate.reason,
		(performance.now() - started) / 1000
	);
	return gate;
}

/** Record the decision in the registry: champion, challenger (--challenger) or rejected. */
export async function registerStage(run: ReleaseRun, candidate: Candidate, gate: GateDecision, evaluations: Evaluations): Promise<Outcome> {
	const { options, stages, result } = run;
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
		async () => {
			await recordDecision(candidate, outcome, { modelsDir: options.modelsDir, by: options.by, reason: why }, frozenMetrics);
			const change = evaluations.regulationChange;
			if (change && outcome !== 'rejected')
				await approveRegulationChange(candidate.version, {
					modelsDir: options.modelsDir,
					by: options.by,
					reason: `regulation ${change.from} -> ${change.to} approved: ${options.policy.approveRegulationChange}`
				});
		},
		() => `${candidate.version} -> ${outcome} (by ${options.by})`
	);
	run.registryChanged = outcome !== 'rejected';
	return outcome;
}

/** Build the app into `buildDir` (or copy --reuse-build) and write its release.json. */
export async function buildStage(
	{ options, stages, result }: ReleaseRun,
	id: string,
	buildDir: string,
	aliases: Registry['aliases']
): Promise<void> {
	result.release = await stages.run(
		'build',
		async () => {
			if (options.reuseBuild) await cp(options.reuseBuild, buildDir, { recursive: true });
			else await viteBuild(buildDir, path.join(options.workDir, 'releases', id, 'build.log'));
			return writeReleaseInfo(buildDir, {
				release: id,
				appVersion: await appVersion(),
				gitCommit: gitCommit(),
				champion: aliases.champion,
				challenger: aliases.challenger,
				regulation: aliases.champion ? regulationInForce(await readManifest(options.modelsDir, aliases.champion)) : null,
				builtAt: new Date().toISOString()
			});
		},
		(r) =>
			`${path.relative(process.cwd(), buildDir) || buildDir}${options.reuseBuild ? ` (copied from ${options.reuseBuild})` : ''}; app ${r.appVersion} (${r.gitCommit?.slice(0, 10) ?? 'no git'}), featurizer ${r.featurizerVersion}, champion ${r.champion}, challenger ${r.challenger ?? '-'}, regulation ${r.regulation?.id ?? '-'}`
	);
}

/** Upload the build and the bundles to every target, the pointer last. */
export async function publishStage({ options, stages, result, previousReleaseRecords }: ReleaseRun, buildDir: string): Promise<void> {
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
}

/** Start the build on --port, replacing the running one, and wait until it serves `expected`. */
export async function deployStage({ options, stages, result }: ReleaseRun, id: string, buildDir: string, expected: string): Promise<void> {
	const port = options.port!;
	result.deployment = await stages.run(
		'deploy',
		() =>
			deploy({
				release: id,
				buildDir,
				modelsDir: options.modelsDir,
				port,
				workDir: options.workDir,
				expectedModel: expected,
				env: options.serverEnv
			}),
		(d) => `server pid ${d.pid} on http://127.0.0.1:${d.port}, /api/health ready with ${expected}`
	);
}

/** Sign in to the deployment in Chromium and classify the champion's golden examples. */
export async function smokeStage({ options, stages }: ReleaseRun, expected: string): Promise<void> {
	const golden = (await readManifest(options.modelsDir, expected)).golden;
	await stages.run(
		'smoke',
		() => smokeTest({ url: `http://127.0.0.1:${options.port}`, expectedModel: expected, golden, ...options.smokeCredentials }),
		(s) => `signed in, ${s.classified} golden examples right in Chromium (${s.backend}), model ${s.model}`
	);
}

/** Undo the registry change, the pointers and (when replaced) the server after a failure. */
export async function rollbackStage({ options, stages, result, previousChallenger, previousReleaseRecords }: ReleaseRun): Promise<void> {
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
