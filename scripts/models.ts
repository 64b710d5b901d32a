/**
 * `npm run models -- <command>`: the model registry by hand, with the release's checks.
 *   list                         versions, status, accuracy, size; aliases
 *   show VERSION                 registry entry, manifest summary and decision history
 *   promote VERSION              make it champion if it passes the release gate against the
 *                                current champion (frozen evaluation set, budgets);
 *                                --force --reason TEXT skips the gate (recorded in history)
 *   gate VERSION [--json]        the release gate alone (nothing changes); exit 0 pass, 1 refused
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
import { readRegistry, getVersion } from '#lib/registry/registry.ts';
import { readManifest } from '#lib/registry/resolve.ts';
import { promoteVersion } from '#lib/registry/promotion.ts';
import { judgePromotion } from './release/judge.ts';
import { publishPointer } from './release/publish.ts';
import { printEvaluation } from './release/evaluation-report.ts';
import { rollbackRelease } from './release/rollback.ts';
import { makeTargets, whoDecides } from './release/targets.ts';
import { UsageError } from '#lib/node/errors.ts';
import { percent } from '#lib/format/percent.ts';
import { keygenCommand, signCommand, verifyCommand } from './models-signing.ts';

const USAGE = `usage: npm run models -- list | show VERSION | evaluate VERSION | promote VERSION [--force --reason TEXT] | gate VERSION [--json] | rollback
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
			json: { type: 'boolean', default: false },
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
	if (command === 'gate') {
		// The gate alone, nothing changed: the admin Models page runs this (--json).
		if (!version) throw new UsageError('gate needs a VERSION');
		const log = values.json ? () => {} : (line: string) => console.log(`  ${line}`);
		const gate = await judgePromotion(version, { modelsDir, approveRegulationChange: values['approve-regulation-change'], log });
		if (values.json) console.log(JSON.stringify(gate));
		else for (const c of gate.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
		return gate.pass ? 0 : 1;
	}
	if (command === 'promote') {
		if (!version) throw new UsageError('promote needs a VERSION');
		if (values.force && !values.reason) throw new UsageError('--force needs --reason TEXT: it is recorded in the registry history');
		const judge = async (v: string) => {
			const gate = await judgePromotion(v, {
				modelsDir,
				approveRegulationChange: values['approve-regulation-change'],
				log: (line) => console.log(`  ${line}`)
			});
			for (const c of gate.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
			return gate;
		};
		const outcome = await promoteVersion({ modelsDir, version, by, reason: values.reason ?? '', force: values.force }, judge);
		if (!outcome.promoted) {
			console.error(`Refused: ${outcome.gate.reason}. Champion stays ${outcome.champion ?? '-'}. Use --force --reason TEXT to override.`);
			return 1;
		}
		for (const t of targets) await publishPointer(t, modelsDir);
		console.log(
			`${version} is champion (was ${outcome.previous ?? '-'})${targets.length ? `; pointer re-published to ${targets.map((t) => t.name).join(', ')}` : ''}`
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
