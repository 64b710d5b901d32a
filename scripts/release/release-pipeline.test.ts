/**
 * The release end to end in a temporary copy: quick training, gate against a champion,
 * registry, one real `vite build`, publish to a folder AND to Azurite, deploy
 * (`node server.js`), smoke test in Chromium; then a worse candidate is rejected without
 * any user-visible change, a failed smoke test rolls back by itself, and
 * `npm run models -- rollback` restores the previous champion.
 * One build is shared: the later releases reuse it (--reuse-build).
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '#lib/server/config.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { openDatabase } from '#lib/server/db/connect.ts';
import { readRegistry } from '#lib/registry/registry.ts';
import { FEATURIZER_VERSION } from '#lib/text/featurize.ts';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';
import { TEST_USERS } from '#tests/support/users.ts';
import { runScript as runRepoScript, type ScriptRun } from '#tests/support/run-script.ts';
import { readDeployState, stopServer } from './deploy.ts';
import { AzureBlobTarget } from './publish-azure.ts';
import { DirectoryTarget } from './publish-dir.ts';
import { IMMUTABLE, NO_CACHE, POINTER_KEY, RELEASE_KEY } from './publish.ts';
import { freePort } from '#scripts/lib/free-port.ts';
import { startAzurite, type Azurite } from './testing/azurite.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const CONTAINER = 'cdn';
// The e2e test accounts (tests/support/users.ts), created in this test's throwaway database.
const SMOKE_USER = TEST_USERS.technician.username;
const SMOKE_PASSWORD = TEST_USERS.technician.password;

let tmp: string;
let azurite: Azurite;
let modelsDir: string;
let workDir: string;
let publishDir: string;
let port: number;
let databaseUrl: string;

function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ScriptRun> {
	return runRepoScript(script, args, {
		AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
		DATABASE_URL: databaseUrl,
		BUILD_PRECOMPRESS: '0',
		RELEASE_SMOKE_USERNAME: SMOKE_USER,
		RELEASE_SMOKE_PASSWORD: SMOKE_PASSWORD,
		...env
	});
}

const release = (args: string[], env?: NodeJS.ProcessEnv) =>
	runScript(
		'release.ts',
		[
			'--models-dir',
			modelsDir,
			'--work-dir',
			workDir,
			'--publish-dir',
			publishDir,
			'--azure-container',
			CONTAINER,
			'--port',
			String(port),
			'--by',
			'e2e-test',
			...args
		],
		env
	);

const targets = () => [new DirectoryTarget(publishDir), new AzureBlobTarget(CONTAINER, azurite.connectionString)];
const pointer = async (t: DirectoryTarget | AzureBlobTarget) =>
	JSON.parse(new TextDecoder().decode((await t.get(POINTER_KEY))!)) as { champion: { version: string } | null };
const health = async () => (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { status: string; model: string };
// Loose comparison tolerances: a 2-epoch quick model against a random-weight champion; the gate's own rules are unit-tested.
// A quick candidate (seconds of training) is far from the production floors: loosen them all.
const LOOSE = [
	'--accuracy-tolerance',
	'0.5',
	'--slice-tolerance',
	'1',
	'--min-accuracy',
	'0.5',
	'--max-p50-ms',
	'50',
	'--max-unflagged-error',
	'1',
	'--max-flagged',
	'1',
	'--min-undecidable-flagged',
	'0',
	'--max-phenomenon-error',
	'1',
	// The test champion has random weights: agreeing with its golden labels is a coin toss.
	'--golden-tolerance',
	'20'
];

beforeAll(async () => {
	tmp = await mkdtemp(path.join(os.tmpdir(), 'release-e2e-'));
	// Builds live under the work dir; the built server resolves its dependencies from here.
	await symlink(path.join(REPO, 'node_modules'), path.join(tmp, 'node_modules'));
	modelsDir = path.join(tmp, 'models');
	workDir = path.join(tmp, 'work');
	publishDir = path.join(tmp, 'cdn');
	await makeTinyBundle(modelsDir, { seed: 1, version: 'tiny-champion' });
	// Quick training reuses the committed vocabulary instead of parsing GloVe.
	for (const name of (await readdir(path.join(REPO, 'models/vocab'))).filter((n) => n.endsWith('.bin')))
		await copyFile(path.join(REPO, 'models/vocab', name), path.join(modelsDir, 'vocab', name));
	databaseUrl = `sqlite:${path.join(tmp, 'app.sqlite')}`;
	await mkdir(tmp, { recursive: true });
	const handle = await openDatabase(parseDatabaseUrl(databaseUrl));
	await createUser(handle.db, { username: SMOKE_USER, role: TEST_USERS.technician.role, password: SMOKE_PASSWORD });
	await handle.close();
	azurite = await startAzurite();
	port = await freePort();
}, 120_000);

afterAll(async () => {
	const state = workDir ? await readDeployState(workDir) : null;
	if (state?.current) await stopServer(state.current.pid);
	await azurite?.stop();
	if (tmp) await rm(tmp, { recursive: true, force: true });
}, 60_000);

describe('npm run release', () => {
	let promoted: string;
	let firstBuild: string;

	it('trains, gates, registers, builds, publishes (folder + Azure), deploys and smoke-tests a quick candidate', async () => {
		const run = await release(['--quick', ...LOOSE]);
		expect(run.out, run.out).toMatch(/Release RELEASED/);
		expect(run.code).toBe(0);
		for (const stage of ['train', 'sign', 'evaluate', 'gate', 'register', 'build', 'publish dir', 'publish azure', 'deploy', 'smoke'])
			expect(run.out).toMatch(new RegExp(`\\n  ${stage} +passed`));
		// Issue 16: how the candidate changes a reference inventory, both ways.
		expect(run.out).toMatch(/\n  reference inventory +passed/);
		expect(run.out).toMatch(/968 rows of models\/eval\/realistic\.csv: \d+ now non-compliant, \d+ now compliant/);

		const registry = await readRegistry({ modelsDir });
		promoted = registry.aliases.champion!;
		expect(promoted).not.toBe('tiny-champion');
		expect(registry.history.at(-1)).toMatchObject({
			action: 'promote',
			version: promoted,
			previousChampion: 'tiny-champion',
			by: 'e2e-test'
		});
		expect(registry.versions.find((v) => v.version === promoted)?.metrics.frozenEval).toMatchObject({ count: 2100 });

		for (const target of targets()) {
			expect((await pointer(target)).champion?.version).toBe(promoted);
			const info = JSON.parse(new TextDecoder().decode((await target.get(RELEASE_KEY))!));
			expect(info).toMatchObject({ champion: promoted, featurizerVersion: FEATURIZER_VERSION, regulation: { id: 'cutoff-1995' } });
			expect(await target.get(`models/${promoted}/model.onnx`)).not.toBeNull();
			expect(JSON.parse(new TextDecoder().decode((await target.get(`models/${promoted}/signature.json`))!))).toMatchObject({
				algorithm: 'Ed25519'
			});
		}
		const azure = new AzureBlobTarget(CONTAINER, azurite.connectionString);
		expect((await azure.headersOf(POINTER_KEY))?.cacheControl).toBe(NO_CACHE);
		expect((await azure.headersOf(`models/${promoted}/model.onnx`))?.cacheControl).toBe(IMMUTABLE);
		expect((await azure.headersOf(`models/${promoted}/signature.json`))?.cacheControl).toBe(NO_CACHE);
		expect(await health()).toMatchObject({ status: 'ready', model: promoted });
		firstBuild = (await readDeployState(workDir)).current!.buildDir;
		// The build records what it was built with, next to the server it runs.
		expect(JSON.parse(await readFile(path.join(firstBuild, RELEASE_KEY), 'utf8'))).toMatchObject({
			champion: promoted,
			featurizerVersion: FEATURIZER_VERSION
		});
	}, 420_000);

	it('rejects a worse candidate and changes nothing users see', async () => {
		await makeTinyBundle(modelsDir, { seed: 7, version: 'tiny-worse', alias: null });
		const before = await Promise.all(targets().map((t) => t.get(POINTER_KEY)));
		const run = await release(['--candidate', 'tiny-worse']);
		expect(run.code, run.out).toBe(3);
		expect(run.out).toMatch(/gate +rejected/);
		const registry = await readRegistry({ modelsDir });
		expect(registry.aliases.champion).toBe(promoted);
		expect(registry.versions.find((v) => v.version === 'tiny-worse')?.status).toBe('rejected');
		expect(registry.history.at(-1)).toMatchObject({ action: 'reject', version: 'tiny-worse', by: 'e2e-test' });
		expect(await Promise.all(targets().map((t) => t.get(POINTER_KEY)))).toEqual(before);
		expect(await health()).toMatchObject({ model: promoted });
	}, 120_000);

	it('npm run models -- rollback restores the previous champion and re-publishes the pointer', async () => {
		const run = await runScript('models.ts', [
			'rollback',
			'--models-dir',
			modelsDir,
			'--publish-dir',
			publishDir,
			'--azure-container',
			CONTAINER,
			'--by',
			'e2e-test'
		]);
		expect(run.code, run.out).toBe(0);
		expect((await readRegistry({ modelsDir })).aliases.champion).toBe('tiny-champion');
		for (const target of targets()) expect((await pointer(target)).champion?.version).toBe('tiny-champion');
		const list = await runScript('models.ts', ['list', '--models-dir', modelsDir]);
		expect(list.out).toMatch(new RegExp(`${promoted} +archived`));
		expect(list.out).toMatch(/tiny-worse +rejected/);
	}, 120_000);

	it('a failed smoke test rolls back the registry, the pointer and the server', async () => {
		const running = (await readDeployState(workDir)).current!;
		const releaseRecords = await Promise.all(targets().map((t) => t.get(RELEASE_KEY)));
		const run = await release(['--candidate', promoted, '--reuse-build', firstBuild, ...LOOSE], {
			RELEASE_SMOKE_PASSWORD: 'wrong-password'
		});
		expect(run.code, run.out).toBe(1);
		expect(run.out).toMatch(/\n  smoke +failed/);
		expect(run.out).toMatch(/\n  rollback +passed/);
		const registry = await readRegistry({ modelsDir });
		expect(registry.aliases.champion).toBe('tiny-champion');
		expect(registry.history.at(-1)).toMatchObject({ action: 'rollback', version: 'tiny-champion', previousChampion: promoted });
		for (const target of targets()) expect((await pointer(target)).champion?.version).toBe('tiny-champion');
		// release.json is back to the record of the release users have.
		expect(await Promise.all(targets().map((t) => t.get(RELEASE_KEY)))).toEqual(releaseRecords);
		const now = (await readDeployState(workDir)).current!;
		expect(now.buildDir).toBe(running.buildDir);
		expect(await health()).toMatchObject({ status: 'ready', model: 'tiny-champion' });
	}, 240_000);
});
