import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signingKeyFromPem, signManifest, type SigningKey } from '../registry/signing.ts';
import { canonicalJson, verifyManifestSignature, type TrustedKeys } from './signature.ts';
import { DEVELOPMENT_KEY_ID, DEVELOPMENT_KEYS, PRODUCTION_KEYS, resolveTrustedKeys } from './trusted-keys.ts';

async function newKey(): Promise<SigningKey> {
	const { privateKey } = generateKeyPairSync('ed25519');
	return signingKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
}

const trust = (...keys: SigningKey[]): TrustedKeys => Object.fromEntries(keys.map((k) => [k.keyId, k.publicKey]));
const manifest = {
	version: 'v1',
	threshold: 0.5,
	files: { model: { path: 'v1/model.onnx', bytes: 4, sha256: 'a'.repeat(64) } },
	golden: [{ text: 'Steel pipe, 1995 \u00e9', label: 0, probability: 0.125 }]
};

describe('canonical JSON', () => {
	it('is the same for any key order and indentation, and differs for any changed value', () => {
		const shuffled = JSON.parse(JSON.stringify({ golden: manifest.golden, files: manifest.files, threshold: 0.5, version: 'v1' }, null, 4));
		expect(canonicalJson(shuffled)).toBe(canonicalJson(manifest));
		expect(canonicalJson({ b: [1, 2.5, 'x', null, true], a: { d: 1e21, c: -0 } })).toBe(
			'{"a":{"c":0,"d":1e+21},"b":[1,2.5,"x",null,true]}'
		);
		expect(canonicalJson({ ...manifest, threshold: 0.51 })).not.toBe(canonicalJson(manifest));
	});

	it('refuses values JSON cannot hold', () => {
		expect(() => canonicalJson({ x: Number.NaN })).toThrow(/NaN/);
	});
});

describe('bundle signatures', () => {
	it('a signature by a trusted key verifies and names the key', async () => {
		const key = await newKey();
		const signature = signManifest(manifest, key);
		expect(signature).toMatchObject({ keyId: key.keyId, algorithm: 'Ed25519' });
		await expect(verifyManifestSignature(manifest, signature, trust(key), 'v1')).resolves.toBe(key.keyId);
	});

	it('a tampered manifest (an edited threshold or golden label) is refused', async () => {
		const key = await newKey();
		const signature = signManifest(manifest, key);
		const edited = { ...manifest, threshold: 0.9 };
		await expect(verifyManifestSignature(edited, signature, trust(key), 'v1')).rejects.toMatchObject({
			code: 'BUNDLE_SIGNATURE',
			message: expect.stringContaining('does not match its manifest')
		});
		const relabelled = { ...manifest, golden: [{ ...manifest.golden[0], label: 1 }] };
		await expect(verifyManifestSignature(relabelled, signature, trust(key), 'v1')).rejects.toMatchObject({ code: 'BUNDLE_SIGNATURE' });
	});

	it('a signature by a key that is not trusted is refused, even under a trusted key id', async () => {
		const [trusted, attacker] = [await newKey(), await newKey()];
		const signature = signManifest(manifest, attacker);
		await expect(verifyManifestSignature(manifest, signature, trust(trusted), 'v1')).rejects.toMatchObject({
			code: 'BUNDLE_SIGNATURE',
			message: expect.stringContaining('does not trust')
		});
		await expect(verifyManifestSignature(manifest, { ...signature, keyId: trusted.keyId }, trust(trusted), 'v1')).rejects.toMatchObject({
			code: 'BUNDLE_SIGNATURE',
			message: expect.stringContaining('does not match')
		});
	});

	it('a missing or malformed signature is refused with a message that says how to sign', async () => {
		const key = await newKey();
		await expect(verifyManifestSignature(manifest, null, trust(key), 'v1')).rejects.toMatchObject({
			code: 'BUNDLE_SIGNATURE',
			message: expect.stringContaining('npm run models -- sign')
		});
		await expect(
			verifyManifestSignature(manifest, { keyId: key.keyId, algorithm: 'RSA', signature: 'x' }, trust(key), 'v1')
		).rejects.toMatchObject({
			code: 'BUNDLE_SIGNATURE',
			message: expect.stringContaining('malformed')
		});
	});

	it('rotation: with two keys pinned, bundles signed by either verify; after the old key is unpinned only the new one does', async () => {
		const [old, next] = [await newKey(), await newKey()];
		const byOld = signManifest(manifest, old);
		const byNext = signManifest(manifest, next);
		await expect(verifyManifestSignature(manifest, byOld, trust(old, next), 'v1')).resolves.toBe(old.keyId);
		await expect(verifyManifestSignature(manifest, byNext, trust(old, next), 'v1')).resolves.toBe(next.keyId);
		await expect(verifyManifestSignature(manifest, byOld, trust(next), 'v1')).rejects.toMatchObject({ code: 'BUNDLE_SIGNATURE' });
	});
});

describe('trusted keys', () => {
	it('production trusts no development key; development adds it; NODE_ENV=production selects production on the server only', () => {
		expect(resolveTrustedKeys({ TRUSTED_MODEL_KEYS: 'production' }).keys).toEqual(PRODUCTION_KEYS);
		expect(resolveTrustedKeys({ NODE_ENV: 'production' })).toMatchObject({ profile: 'production', trustsDevelopmentKey: false });
		expect(resolveTrustedKeys({}).keys).toMatchObject(DEVELOPMENT_KEYS);
		expect(resolveTrustedKeys({ NODE_ENV: 'production' }, { useNodeEnv: false }).trustsDevelopmentKey).toBe(true);
		expect(Object.keys(PRODUCTION_KEYS)).not.toContain(DEVELOPMENT_KEY_ID);
	});

	it('an explicit key list replaces the pinned one and is validated', async () => {
		const key = await newKey();
		const setting = resolveTrustedKeys({ TRUSTED_MODEL_KEYS: JSON.stringify(trust(key)), NODE_ENV: 'development' });
		expect(setting).toEqual({ profile: 'explicit', keys: trust(key), trustsDevelopmentKey: false });
		expect(() => resolveTrustedKeys({ TRUSTED_MODEL_KEYS: '{"k":"c2hvcnQ="}' })).toThrow(/32 bytes/);
		expect(() => resolveTrustedKeys({ TRUSTED_MODEL_KEYS: 'prod' })).toThrow(/production/);
	});

	it('the committed development key is the one pinned as development', async () => {
		const { loadSigningKey } = await import('../registry/signing.ts');
		const key = await loadSigningKey({});
		expect(key).toMatchObject({ keyId: DEVELOPMENT_KEY_ID, publicKey: DEVELOPMENT_KEYS[DEVELOPMENT_KEY_ID], development: true });
	});
});
