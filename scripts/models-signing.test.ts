/** `npm run models -- sign | verify` as an operator runs them: exit codes and the one line they print. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const NODE = existsSync(path.join(ROOT, 'node_modules/.bin/node')) ? path.join(ROOT, 'node_modules/.bin/node') : process.execPath;
let modelsDir: string;

function models(args: string[], env: Record<string, string> = {}) {
	const { MODEL_SIGNING_KEY: _k, TRUSTED_MODEL_KEYS: _t, NODE_ENV: _n, ...rest } = process.env;
	const r = spawnSync(NODE, [path.join(ROOT, 'scripts/models.ts'), ...args, '--models-dir', modelsDir], {
		env: { ...rest, ...env },
		encoding: 'utf8'
	});
	return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
	modelsDir = await mkdtemp(path.join(tmpdir(), 'models-signing-'));
	await makeTinyBundle(modelsDir, { seed: 1, version: 'v1', signingKey: null });
});
afterAll(() => rm(modelsDir, { recursive: true, force: true }));

describe('npm run models -- sign / verify', () => {
	it('refuses an unsigned bundle, signs it with the development key, then verifies it', () => {
		expect(models(['verify', 'v1'])).toMatchObject({
			code: 1,
			out: expect.stringMatching(/^REFUSED v1 \(BUNDLE_SIGNATURE\): .*no signature\.json/)
		});
		expect(models(['sign', 'v1'])).toMatchObject({ code: 0, out: expect.stringContaining('signed v1 with ed25519-') });
		expect(models(['verify', 'v1'])).toMatchObject({
			code: 0,
			out: expect.stringMatching(/^ok v1: signed by ed25519-\w+ \(trusted, development keys\)/)
		});
		expect(models(['verify', 'champion'])).toMatchObject({ code: 0, out: expect.stringContaining('ok v1') });
	});

	it('production does not trust the development key', () => {
		expect(models(['verify', 'v1'], { NODE_ENV: 'production' })).toMatchObject({ code: 1, out: expect.stringContaining('does not trust') });
	});

	it('a flipped byte in model.onnx fails verify although the signature is good', async () => {
		const file = path.join(modelsDir, 'v1/model.onnx');
		const good = await readFile(file);
		const bad = Buffer.from(good);
		bad[100] ^= 0x01;
		await writeFile(file, bad);
		expect(models(['verify', 'v1'])).toMatchObject({ code: 1, out: expect.stringContaining('(BUNDLE_INTEGRITY)') });
		await writeFile(file, good);
	});

	it('signs with MODEL_SIGNING_KEY from a file; a key list without it refuses the bundle', async () => {
		const keyFile = path.join(modelsDir, 'ci.pem');
		const made = spawnSync(NODE, [path.join(ROOT, 'scripts/models.ts'), 'keygen', '--out', keyFile], { encoding: 'utf8' });
		expect(made.status).toBe(0);
		const pinned = /'(ed25519-\w+)': '([^']+)'/.exec(made.stdout)!;
		expect(models(['sign', 'v1'], { MODEL_SIGNING_KEY: keyFile }).out).toContain(`signed v1 with ${pinned[1]}`);
		expect(models(['verify', 'v1'])).toMatchObject({ code: 1 });
		expect(models(['verify', 'v1'], { TRUSTED_MODEL_KEYS: JSON.stringify({ [pinned[1]]: pinned[2] }) })).toMatchObject({ code: 0 });
	});
});
