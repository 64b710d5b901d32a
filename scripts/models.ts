/**
 * `npm run models -- <command>`: the model registry by hand, with the release's checks.
 *   list                         versions, status, accuracy, size; aliases
 *   show VERSION                 registry entry, manifest summary and decision history
 *   promote VERSION              make it champion if it passes the release gate against the
 *                                current champion (frozen evaluation set, budgets);
 *                                --force --reason TEXT skips the gate (recorded in history)
 *   rollback                     the previous champion again, in one step
 *   evaluate VERSION             frozen and realistic hand-written sets, review figures per phenomenon
 *   sign VERSION | verify VERSION | keygen --out FILE   bundle signatures (models-signing.ts)
 * Options: --models-dir DIR, --by NAME, --publish-dir DIR / --azure-container NAME
 * (re-publish the pointer there; clients switch on their next manifest check).
 * A running server polls registry.json and swaps to the new champion by itself.
 * Exit codes: 0 ok, 1 refused or failed, 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { resolveModelsDir } from '#lib/registry/models-dir.ts';
import { readRegistry, setAlias, getVersion } from '#lib/registry/registry.ts';
import { readManifest } from '#lib/registry/resolve.ts';
import { loadEvalCsv } from './release/eval-set.ts';
import { comparableChampion, evaluateVersion, regulationOf } from './release/evaluate.ts';
import { decide, DEFAULT_POLICY } from './release/gate.ts';
import { publishPointer } from './release/publish.ts';
import { printEvaluation } from './release/evaluation-report.ts';
import { rollbackRelease } from './release/rollback.ts';
import { makeTargets, whoDecides } from './release/targets.ts';
import { UsageError } from '#lib/node/errors.ts';
import { percent } from '#lib/format/percent.ts';
import { keygenCommand, signCommand, verifyCommand } from './models-signing.ts';

const USAGE = `usage: npm run models -- list | show VERSION | evaluate VERSION | promote VERSION [--force --reason TEXT] | rollback
  | sign VERSION | verify VERSION | keygen --out FILE
  [--models-dir DIR] [--by NAME] [--reason TEXT] [--publish-dir DIR] [--azure-container NAME]`;

async function main(argv: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		strict: true,
		options: {
			'models-dir': { type: 'string' },
			by: { type: 'string' },
			reason: { type: 'string' },
			force: { type: 'boolean', default: false },
			'approve-regulation-change': { type: 'string' },
			'publish-dir': { type: 'string' },
			'azure-container': { type: 'string' },
			out: { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	if (values.help || positionals.length === 0) {
		console.log(USAGE);
		return values.help ? 0 : 2;
	}
	const base = process.env.INIT_CWD ?? process.cwd();
	const modelsDir = resolveModelsDir(values['models-dir'] ? path.resolve(base, values['models-dir']) : undefined);
	const by = whoDecides(values.by);
	// Only the targets asked for: a manual change must not create a default CDN folder.
	const targets = makeTargets({
		publishDir: values['publish-dir'] ? path.resolve(base, values['publish-dir']) : null,
		azureContainer: values['azure-container']
	});
	const [command, version] = positionals;
	if (command === 'sign') return signCommand(modelsDir, version);
	if (command === 'verify') return verifyCommand(modelsDir, version);
	if (command === 'keygen') return keygenCommand(values.out ? path.resolve(base, values.out) : undefined);

	if (command === 'list') {
		const registry = await readRegistry({ modelsDir });
		console.log(`champion ${registry.aliases.champion ?? '-'}, challenger ${registry.aliases.challenger ?? '-'}  (${modelsDir})`);
		for (const v of registry.versions) {
			const frozen = (v.metrics.frozenEval as { accuracy?: number } | undefined)?.accuracy;
			console.log(
				`  ${v.version.padEnd(34)} ${v.status.padEnd(10)} test ${percent(v.metrics.accuracy, 2, '-').padStart(7)}  frozen ${percent(frozen, 2, '-').padStart(7)}  ${(v.modelBytes / 1024).toFixed(1).padStart(6)} KB  ${v.created}`
			);
		}
		return 0;
	}
	if (command === 'show') {
		if (!version) throw new UsageError('show needs a VERSION');
		const entry = await getVersion(version, { modelsDir });
		if (!entry) throw new UsageError(`${version} is not registered; see "npm run models -- list"`);
		const manifest = await readManifest(modelsDir, version);
		const registry = await readRegistry({ modelsDir });
		console.log(
			JSON.stringify(
				{ ...entry, architecture: manifest.architecture, featurizerVersion: manifest.featurizerVersion, lineage: manifest.lineage },
				null,
				2
			)
		);
		console.log('history:');
		for (const e of registry.history.filter((h) => h.version === version))
			console.log(`  ${e.at} ${e.action} by ${e.by} (previous champion ${e.previousChampion ?? '-'}): ${e.reason}`);
		return 0;
	}
	if (command === 'evaluate') {
		if (!version) throw new UsageError('evaluate needs a VERSION');
		await printEvaluation(modelsDir, version);
		return 0;
	}
	if (command === 'promote') {
		if (!version) throw new UsageError('promote needs a VERSION');
		if (values.force && !values.reason) throw new UsageError('--force needs --reason TEXT: it is recorded in the registry history');
		const registry = await readRegistry({ modelsDir });
		const champion = registry.aliases.champion;
		let reason = values.reason ?? '';
		if (!values.force) {
			const samples = await loadEvalCsv();
			const comparable = await comparableChampion(modelsDir, champion ?? null, regulationOf(await readManifest(modelsDir, version)));
			if (comparable.note) console.log(`  ${comparable.note}`);
			const golden = [
				...(await readManifest(modelsDir, version)).golden,
				...(comparable.version ? (await readManifest(modelsDir, comparable.version)).golden : [])
			];
			const candidate = await evaluateVersion({ modelsDir, version, samples, golden });
			const current = comparable.version ? await evaluateVersion({ modelsDir, version: comparable.version, samples, golden }) : null;
			const gate = decide(
				candidate,
				current,
				{ ...DEFAULT_POLICY, approveRegulationChange: values['approve-regulation-change'] },
				comparable.regulationChange
			);
			for (const c of gate.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
			if (!gate.pass) {
				console.error(`Refused: ${gate.reason}. Champion stays ${champion ?? '-'}. Use --force --reason TEXT to override.`);
				return 1;
			}
			reason = `manual promote, gate ${gate.reason}${reason ? `; ${reason}` : ''}`;
		} else reason = `manual promote with --force: ${reason}`;
		await setAlias('champion', version, { modelsDir, by, reason });
		for (const t of targets) await publishPointer(t, modelsDir);
		console.log(
			`${version} is champion (was ${champion ?? '-'})${targets.length ? `; pointer re-published to ${targets.map((t) => t.name).join(', ')}` : ''}`
		);
		return 0;
	}
	if (command === 'rollback') {
		const report = await rollbackRelease({
			modelsDir,
			decision: { by, reason: values.reason ?? 'manual rollback' },
			targets,
			workDir: null
		});
		console.log(
			`Rolled back: champion ${report.champion}${targets.length ? `; pointer re-published to ${targets.map((t) => t.name).join(', ')}` : ''}`
		);
		return 0;
	}
	throw new UsageError(`unknown command "${command}"`);
}

try {
	process.exit(await main(process.argv.slice(2)));
} catch (error) {
	const e = error as Error & { code?: string };
	console.error(`${e.message}${e.code === 'USAGE' ? `\n\n${USAGE}` : ''}`);
	process.exit(e.code === 'USAGE' || e instanceof UsageError ? 2 : 1);
}
