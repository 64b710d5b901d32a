/**
 * `npm run release -- --quick --feedback --no-build` on a real database: the reviewed labels are
 * exported from DATABASE_URL, training uses the field-train part (recorded in the manifest),
 * the field-eval part is scored for candidate and champion, the gate checks it and the report
 * lists it. (A quick candidate trains for seconds: it is far from the champion, so the
 * tolerances are loose; the gate's field rule itself is unit-tested in field-stage.test.ts.)
 */
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '#lib/server/db/connect.ts';
import { sync } from '#lib/server/sync/sync.ts';
import { decide } from '#lib/server/review/store.ts';
import { fieldPart } from '#lib/feedback/field-split.ts';
import { readRegistry } from '#lib/registry/registry.ts';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';
import { runScript, type ScriptRun } from '#tests/support/run-script.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
let tmp: string;
const texts: string[] = [];

beforeAll(async () => {
	tmp = await mkdtemp(path.join(os.tmpdir(), 'release-feedback-'));
	await makeTinyBundle(path.join(tmp, 'models'), { seed: 1, version: 'tiny-champion' });
	for (const name of (await readdir(path.join(REPO, 'models/vocab'))).filter((n) => n.endsWith('.bin')))
		await copyFile(path.join(REPO, 'models/vocab', name), path.join(tmp, 'models', 'vocab', name));
	// Technicians overrode "Delrin" (acetal, a plastic) verdicts; an analyst confirmed them. Both parts get rows.
	for (let i = 0; texts.filter((t) => fieldPart(t) === 'field-eval').length < 2 || texts.length < 8; i++)
		texts.push(`${['Bracket', 'Gear', 'Knob', 'Clip'][i % 4]} of Delrin made ${2001 + i} good condition`);
	const handle = await openDatabase({ dialect: 'sqlite', file: path.join(tmp, 'app.sqlite') });
	const at = new Date().toISOString();
	const records = texts.map((description) => ({
		id: crypto.randomUUID(),
		description,
		label: 0 as const,
		probability: 0.24,
		modelVersion: 'tiny-champion',
		needsReview: false,
		override: { label: 1 as const, reason: 'Delrin is acetal, a plastic' },
		createdAt: at,
		updatedAt: at,
		deleted: false
	}));
	await sync(
		handle.db,
		{ cursor: null, changes: records.map((record) => ({ changeId: crypto.randomUUID(), baseVersion: 0, record })) },
		'tech'
	);
	for (const r of records) await decide(handle.db, r.id, { decision: 'confirm' }, 'ana', { auditRate: 0.01 });
	await handle.close();
}, 60_000);

afterAll(async () => {
	if (tmp) await rm(tmp, { recursive: true, force: true });
});

function release(args: string[]): Promise<ScriptRun> {
	return runScript('release.ts', args, { DATABASE_URL: `sqlite:${path.join(tmp, 'app.sqlite')}` });
}

it('exports the reviewed labels, trains with them and gates on the field-eval part', async () => {
	const evalCount = texts.filter((t) => fieldPart(t) === 'field-eval').length;
	const loose = [
		'--accuracy-tolerance',
		'1',
		'--slice-tolerance',
		'1',
		'--min-accuracy',
		'0',
		'--min-slice-accuracy',
		'0',
		'--max-p50-ms',
		'50'
	];
	const looseRealistic = [
		'--max-unflagged-error',
		'1',
		'--max-flagged',
		'1',
		'--min-undecidable-flagged',
		'0',
		'--max-phenomenon-error',
		'1'
	];
	const run = await release([
		...['--quick', '--feedback', '--no-build', '--no-publish-dir', '--by', 'feedback-test'],
		...['--models-dir', path.join(tmp, 'models'), '--work-dir', path.join(tmp, 'work')],
		...loose,
		...looseRealistic,
		...['--realistic-tolerance', '1', '--golden-tolerance', '30', '--field-tolerance', '1']
	]);
	expect(run.code, run.out).toBe(0);
	expect(run.out).toMatch(
		new RegExp(`feedback +passed .*${texts.length} reviewed texts \\(${evalCount} field-eval, ${texts.length - evalCount} field-train\\)`)
	);
	expect(run.out).toMatch(/ok {3}field-eval vs champion: [\d.]+% of \d+ reviewed field texts vs champion/);
	expect(run.out).toContain(`Field evaluation (reviewed labels, never trained on): ${evalCount} texts`);

	const [exported] = await readdir(path.join(tmp, 'work', 'feedback'));
	const csv = await readFile(path.join(tmp, 'work', 'feedback', exported), 'utf8');
	expect(csv.split('\n')[0]).toBe('text,label,source,reviewed_at,model_version');
	expect(csv.trim().split('\n')).toHaveLength(texts.length + 1);

	const champion = (await readRegistry({ modelsDir: path.join(tmp, 'models') })).aliases.champion!;
	const manifest = JSON.parse(await readFile(path.join(tmp, 'models', champion, 'manifest.json'), 'utf8'));
	expect(manifest.lineage.trainingConfig.feedback).toEqual({ train: texts.length - evalCount, evaluation: evalCount, weight: 8 });
	// --feedback fine-tunes the champion (same featurizer, architecture and regulation): recorded and reported.
	expect(manifest.lineage.trainingConfig.fineTunedFrom).toBe('tiny-champion');
	expect(run.out).toMatch(new RegExp(`train +passed .*${champion} \\(fine-tuned from tiny-champion, `));
}, 600_000);
