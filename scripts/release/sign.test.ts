import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSignedManifest } from '#lib/registry/signing.ts';
import { makeTinyBundle } from '#tests/support/tiny-bundle.ts';
import { signCandidate } from './sign.ts';

let modelsDir: string;
const logs: string[] = [];
const log = (line: string) => logs.push(line);

beforeAll(async () => {
	modelsDir = await mkdtemp(path.join(tmpdir(), 'release-sign-'));
	await makeTinyBundle(modelsDir, { seed: 1, version: 'fresh', signingKey: null });
});
afterAll(() => rm(modelsDir, { recursive: true, force: true }));

describe('the release sign stage', () => {
	it('refuses to sign with the development key where only production keys are trusted', async () => {
		await expect(
			signCandidate({ modelsDir, version: 'fresh', trainedNow: true, log, env: { TRUSTED_MODEL_KEYS: 'production' } })
		).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('MODEL_SIGNING_KEY is not set') });
	});

	it('a --candidate that was never signed is refused, not signed by the release', async () => {
		await expect(signCandidate({ modelsDir, version: 'fresh', trainedNow: false, log, env: {} })).rejects.toMatchObject({
			code: 'BUNDLE_SIGNATURE'
		});
	});

	it('signs a freshly trained candidate (development key, with a warning) so loaders accept it', async () => {
		expect(await signCandidate({ modelsDir, version: 'fresh', trainedNow: true, log, env: {} })).toMatch(
			/^fresh signed by ed25519-\w+ \(development key\)$/
		);
		expect(logs.at(-1)).toContain('DEVELOPMENT key');
		expect((await readSignedManifest(modelsDir, 'fresh')).manifest.version).toBe('fresh');
	});
});
