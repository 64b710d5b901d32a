/**
 * Signing and checking bundles on disk (Node): `<models>/<version>/signature.json` over
 * the canonical manifest (src/lib/bundle/signature.ts explains the scheme).
 *
 * The private key comes from MODEL_SIGNING_KEY (PEM text, or the path of a PEM file:
 * the CI secret store), else the committed development key (keys/model-signing-dev.pem),
 * which only development builds and servers trust (src/lib/bundle/trusted-keys.ts).
 */
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { verifyBundleFile } from '../bundle/integrity.ts';
import { parseManifest, type Manifest } from '../bundle/manifest.ts';
import {
	BundleSignatureError,
	keyFingerprint,
	SIGNATURE_ALGORITHM,
	SIGNATURE_FILE,
	signedBytes,
	verifyManifestSignature,
	type BundleSignature,
	type TrustedKeys
} from '../bundle/signature.ts';
import { resolveTrustedKeys } from '../bundle/trusted-keys.ts';
import { InferenceError } from '../inference/errors.ts';
import { ConfigError } from '../node/errors.ts';
import { realModelsPath } from './models-dir.ts';

/** The committed development private key (never trusted in production). */
export const DEVELOPMENT_KEY_FILE = path.resolve(import.meta.dirname, '../../../keys/model-signing-dev.pem');

export interface SigningKey {
	privateKey: KeyObject;
	keyId: string;
	/** Base64 raw public key (what trusted-keys.ts pins). */
	publicKey: string;
	/** True for the committed development key. */
	development: boolean;
}

export async function signingKeyFromPem(pem: string, development = false): Promise<SigningKey> {
	let privateKey: KeyObject;
	try {
		privateKey = createPrivateKey(pem);
	} catch (cause) {
		throw new ConfigError(`MODEL_SIGNING_KEY is not a PEM private key (${(cause as Error).message}).`, { cause });
	}
	if (privateKey.asymmetricKeyType !== 'ed25519')
		throw new ConfigError(
			`MODEL_SIGNING_KEY is a ${privateKey.asymmetricKeyType} key; bundles are signed with Ed25519 (npm run models -- keygen).`
		);
	const raw = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x as string, 'base64url');
	return { privateKey, keyId: await keyFingerprint(raw), publicKey: raw.toString('base64'), development };
}

/** MODEL_SIGNING_KEY (PEM text or a file path), else the development key. */
export async function loadSigningKey(env: NodeJS.ProcessEnv = process.env): Promise<SigningKey> {
	const setting = env.MODEL_SIGNING_KEY?.trim();
	if (!setting) return signingKeyFromPem(await readFile(DEVELOPMENT_KEY_FILE, 'utf8'), true);
	if (setting.startsWith('-----BEGIN')) return signingKeyFromPem(setting);
	let pem: string;
	try {
		pem = await readFile(setting, 'utf8');
	} catch (cause) {
		throw new ConfigError(`MODEL_SIGNING_KEY names ${setting}, which cannot be read: ${(cause as Error).message}`, { cause });
	}
	return signingKeyFromPem(pem);
}

/** The signature of a parsed manifest.json. */
export function signManifest(manifestJson: unknown, key: SigningKey): BundleSignature {
	const signature = sign(null, signedBytes(manifestJson), key.privateKey).toString('base64');
	return { keyId: key.keyId, algorithm: SIGNATURE_ALGORITHM, signature };
}

async function readJsonFile(file: string, what: string): Promise<unknown> {
	const text = await readFile(file, 'utf8');
	try {
		return JSON.parse(text);
	} catch (cause) {
		throw new BundleSignatureError(`${what} at ${file} is not valid JSON: ${(cause as Error).message}`, { cause });
	}
}

async function bundlePath(modelsDir: string, relative: string): Promise<string> {
	const file = await realModelsPath(modelsDir, relative);
	if (!file) throw new InferenceError('MODEL_LOAD', `${relative} is missing or lies outside the models folder ${modelsDir}.`);
	return file;
}

/** Write `<version>/signature.json` (atomically) for the manifest as it is on disk now. */
export async function signBundle(modelsDir: string, version: string, key: SigningKey): Promise<BundleSignature> {
	const manifestFile = await bundlePath(modelsDir, `${version}/manifest.json`);
	const json = await readJsonFile(manifestFile, `the manifest of ${version}`);
	parseManifest(json, `models/${version}/manifest.json`);
	const signature = signManifest(json, key);
	const target = path.join(path.dirname(manifestFile), SIGNATURE_FILE);
	const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await writeFile(temp, `${JSON.stringify(signature, null, '\t')}\n`);
		await rename(temp, target);
	} catch (error) {
		await rm(temp, { force: true });
		throw error;
	}
	return signature;
}

/** The keys the Node programs trust: resolveTrustedKeys(process.env). */
export function nodeTrustedKeys(env: NodeJS.ProcessEnv = process.env): TrustedKeys {
	return resolveTrustedKeys(env).keys;
}

export interface VerifiedManifest {
	manifest: Manifest;
	keyId: string;
}

/**
 * The manifest of `version`, only if `<version>/signature.json` is a valid signature of it
 * by a trusted key; BUNDLE_SIGNATURE otherwise. Files are checked by the caller (or verifyBundle).
 */
export async function readSignedManifest(
	modelsDir: string,
	version: string,
	trusted: TrustedKeys = nodeTrustedKeys()
): Promise<VerifiedManifest> {
	const manifestFile = await bundlePath(modelsDir, `${version}/manifest.json`);
	const json = await readJsonFile(manifestFile, `the manifest of ${version}`);
	const signatureFile = await realModelsPath(modelsDir, `${version}/${SIGNATURE_FILE}`);
	const signature = signatureFile ? await readJsonFile(signatureFile, `the signature of ${version}`) : null;
	const keyId = await verifyManifestSignature(json, signature, trusted, version);
	return { manifest: parseManifest(json, `models/${version}/manifest.json`), keyId };
}

/** Read a bundle file (inside the models folder, symlinks resolved) and check it against the manifest. */
export async function readVerifiedFile(modelsDir: string, file: Manifest['files']['model']): Promise<Uint8Array> {
	const bytes = new Uint8Array(await readFile(await bundlePath(modelsDir, file.path)));
	await verifyBundleFile(bytes, file);
	return bytes;
}

/** The whole check a loader makes, without loading: signature, then every file's size and sha256. */
export async function verifyBundle(
	modelsDir: string,
	version: string,
	trusted: TrustedKeys = nodeTrustedKeys()
): Promise<VerifiedManifest> {
	const verified = await readSignedManifest(modelsDir, version, trusted);
	for (const file of Object.values(verified.manifest.files)) await readVerifiedFile(modelsDir, file);
	return verified;
}
