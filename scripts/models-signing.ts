/**
 * `npm run models -- sign VERSION | verify VERSION | keygen` (scripts/models.ts parses the
 * command line). One clear line each; exit 0 ok, 1 refused.
 *   sign VERSION    (or champion / challenger) sign <models>/<VERSION>/manifest.json with MODEL_SIGNING_KEY (PEM text
 *                   or a file path), else the development key; writes signature.json
 *   verify VERSION  the signature (trusted keys: TRUSTED_MODEL_KEYS, NODE_ENV) and every
 *                   file's size and sha256, as the server and the app check them
 *   keygen          a new Ed25519 key pair: the private PEM to a file only you can read,
 *                   the public key line to pin in src/lib/bundle/trusted-keys.ts
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { resolveTrustedKeys } from '#lib/bundle/trusted-keys.ts';
import { UsageError } from '#lib/node/errors.ts';
import { resolveVersion } from '#lib/registry/resolve.ts';
import { loadSigningKey, signBundle, signingKeyFromPem, verifyBundle } from '#lib/registry/signing.ts';

/** A version folder, or the registry's champion / challenger. */
const versionOf = (modelsDir: string, version: string) =>
	version === 'champion' || version === 'challenger' ? resolveVersion(modelsDir, version) : Promise.resolve(version);

export async function signCommand(modelsDir: string, version: string | undefined): Promise<number> {
	if (!version) throw new UsageError('sign needs a VERSION');
	version = await versionOf(modelsDir, version);
	const key = await loadSigningKey();
	await signBundle(modelsDir, version, key);
	console.log(
		`signed ${version} with ${key.keyId}${key.development ? ' (the DEVELOPMENT key: production refuses it; set MODEL_SIGNING_KEY)' : ''}`
	);
	return 0;
}

export async function verifyCommand(modelsDir: string, version: string | undefined): Promise<number> {
	if (!version) throw new UsageError('verify needs a VERSION');
	version = await versionOf(modelsDir, version);
	const trust = resolveTrustedKeys(process.env);
	try {
		const { keyId } = await verifyBundle(modelsDir, version, trust.keys);
		console.log(`ok ${version}: signed by ${keyId} (trusted, ${trust.profile} keys); every file matches its sha256`);
		return 0;
	} catch (error) {
		const e = error as Error & { code?: string };
		console.error(`REFUSED ${version} (${e.code ?? 'ERROR'}): ${e.message}`);
		return 1;
	}
}

export async function keygenCommand(out: string | undefined): Promise<number> {
	if (!out) throw new UsageError('keygen needs --out FILE for the private key (keep it out of the repo: CI secret MODEL_SIGNING_KEY)');
	const { privateKey } = generateKeyPairSync('ed25519');
	const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
	await writeFile(out, pem, { mode: 0o600, flag: 'wx' });
	const key = await signingKeyFromPem(pem);
	console.log(`private key written to ${out} (mode 600); store it as the CI secret MODEL_SIGNING_KEY, then delete the file`);
	console.log(`pin the public key in src/lib/bundle/trusted-keys.ts PRODUCTION_KEYS:\n  '${key.keyId}': '${key.publicKey}'`);
	return 0;
}
