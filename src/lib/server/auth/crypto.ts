/** Random secrets and their digests. Secrets are shown once; only digests are stored. */
import { createHash, randomBytes } from 'node:crypto';

/** A URL-safe random secret with `bytes` bytes of entropy. */
export function randomSecret(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
	return createHash('sha256').update(value).digest('hex');
}
