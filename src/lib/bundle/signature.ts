/**
 * Signed model bundles: `models/<version>/signature.json` is an Ed25519 signature over
 * the canonical JSON of that version's `manifest.json`, which lists every file of the
 * bundle with its byte size and sha256. So one signature vouches for the whole bundle:
 * the manifest by this check, the files by their checksums (integrity.ts).
 *
 * Verification runs here, with WebCrypto (`crypto.subtle`, Ed25519), in the browser
 * worker and in Node alike; signing is Node only (src/lib/registry/signing.ts).
 * Trusted keys: trusted-keys.ts.
 */
import { z } from '#lib/zod.ts';
import { CodedError } from '../errors.ts';

export const SIGNATURE_FILE = 'signature.json';
export const SIGNATURE_ALGORITHM = 'Ed25519';

export const signatureSchema = z.object({
	/** Which trusted key signed: the fingerprint of its public key (keyFingerprint()). */
	keyId: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/),
	algorithm: z.literal(SIGNATURE_ALGORITHM),
	/** Base64 of the 64-byte Ed25519 signature over canonicalJson(manifest). */
	signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'signature must be 64 bytes in base64')
});

export type BundleSignature = z.infer<typeof signatureSchema>;

/** keyId -> base64 of the raw 32-byte Ed25519 public key. */
export type TrustedKeys = Readonly<Record<string, string>>;

/** A bundle refused because its signature is missing, wrong or made with a key this app does not trust. */
export class BundleSignatureError extends CodedError<'BUNDLE_SIGNATURE'> {
	constructor(message: string, options?: ErrorOptions) {
		super('BUNDLE_SIGNATURE', message, options);
	}
}

/**
 * The canonical form of a JSON value (RFC 8785 for the values JSON.parse produces):
 * object keys sorted by UTF-16 code units, no whitespace, numbers and strings as
 * ECMAScript serializes them. Two parses of the same manifest, however indented or
 * key-ordered, give the same bytes; any change of a value gives other bytes.
 */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
		return JSON.stringify(value);
	}
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
		entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

/** The bytes that are signed: UTF-8 of the canonical manifest. */
export function signedBytes(manifestJson: unknown): Uint8Array<ArrayBuffer> {
	return new TextEncoder().encode(canonicalJson(manifestJson));
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
	const binary = atob(text);
	const out = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
	return out;
}

export function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary);
}

/** The key id of a raw public key: `ed25519-` + the first 16 hex digits of its sha256. */
export async function keyFingerprint(publicKey: Uint8Array): Promise<string> {
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', publicKey as Uint8Array<ArrayBuffer>));
	return `ed25519-${Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Throws BUNDLE_SIGNATURE unless `signatureJson` is a valid Ed25519 signature of
 * `manifestJson` (the parsed manifest.json, before any schema drops fields) by one of
 * `trusted`. `signatureJson` null means the bundle has no signature file. Returns the key id.
 */
export async function verifyManifestSignature(
	manifestJson: unknown,
	signatureJson: unknown,
	trusted: TrustedKeys,
	version: string
): Promise<string> {
	const fix = 'Sign it with `npm run models -- sign VERSION` (the release pipeline does) and publish it again.';
	if (signatureJson === null || signatureJson === undefined)
		throw new BundleSignatureError(`Model ${version} has no ${SIGNATURE_FILE}: unsigned bundles are refused. ${fix}`);
	const parsed = signatureSchema.safeParse(signatureJson);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new BundleSignatureError(
			`The ${SIGNATURE_FILE} of model ${version} is malformed (${issue.path.join('.')}: ${issue.message}). ${fix}`
		);
	}
	const { keyId, signature } = parsed.data;
	const publicKey = Object.hasOwn(trusted, keyId) ? trusted[keyId] : undefined;
	if (!publicKey) {
		const known = Object.keys(trusted).join(', ') || 'none';
		throw new BundleSignatureError(
			`Model ${version} is signed with key ${keyId}, which this app does not trust (trusted: ${known}). Sign it with a trusted key, or pin the new key (README, Security: key rotation).`
		);
	}
	let ok = false;
	try {
		const key = await crypto.subtle.importKey('raw', fromBase64(publicKey), { name: SIGNATURE_ALGORITHM }, false, ['verify']);
		ok = await crypto.subtle.verify({ name: SIGNATURE_ALGORITHM }, key, fromBase64(signature), signedBytes(manifestJson));
	} catch (cause) {
		throw new BundleSignatureError(`Cannot check the signature of model ${version}: ${(cause as Error).message}`, { cause });
	}
	if (!ok)
		throw new BundleSignatureError(
			`The signature of model ${version} does not match its manifest (key ${keyId}): the manifest was changed after signing, or the signature belongs to another bundle. The bundle was not used.`
		);
	return keyId;
}
