/** Integrity checks for bundle files: byte size and sha256, before a file is ever used. */
import { InferenceError } from '../inference/errors.ts';
import type { BundleFile } from './manifest.ts';

export async function sha256Hex(bytes: Uint8Array | ArrayBuffer): Promise<string> {
	const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
	const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Throws BUNDLE_INTEGRITY when `bytes` is not exactly the file the manifest describes. */
export async function verifyBundleFile(bytes: Uint8Array | ArrayBuffer, file: BundleFile): Promise<void> {
	const size = bytes.byteLength;
	if (size !== file.bytes) {
		throw new InferenceError(
			'BUNDLE_INTEGRITY',
			`${file.path} is ${size} bytes, the manifest says ${file.bytes}: the download is incomplete or the file was changed.`
		);
	}
	const actual = await sha256Hex(bytes);
	if (actual !== file.sha256) {
		throw new InferenceError(
			'BUNDLE_INTEGRITY',
			`${file.path} does not match its manifest checksum (sha256 ${actual.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…): the file is corrupted or was tampered with.`
		);
	}
}
