/** Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane). */
import { hash, verify } from '@node-rs/argon2';
import { CodedError } from '../../errors.ts';
import { randomSecret } from './crypto.ts';

// `Algorithm` is a const enum in @node-rs/argon2's typings, which type stripping
// cannot inline; 2 is Algorithm.Argon2id.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** OWASP ASVS 5.0 V6.2.1: at least 12 characters. */
export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase; bounds the hashing work one request can ask for. */
export const MAX_PASSWORD_LENGTH = 1024;

export class WeakPasswordError extends CodedError<'WEAK_PASSWORD'> {
	constructor(message = `password must be at least ${MIN_PASSWORD_LENGTH} characters; leave it out to get a generated one`) {
		super('WEAK_PASSWORD', message);
	}
}

/** Counts characters as people do (code points, so an emoji is one). */
export function passwordLength(password: string): number {
	return [...password].length;
}

/** Null when the password is acceptable, else why not. */
export function passwordProblem(password: string): string | null {
	const length = passwordLength(password);
	if (length < MIN_PASSWORD_LENGTH) return `The password needs at least ${MIN_PASSWORD_LENGTH} characters (it has ${length}).`;
	if (password.length > MAX_PASSWORD_LENGTH) return `The password may have at most ${MAX_PASSWORD_LENGTH} characters.`;
	return null;
}

export async function hashPassword(password: string): Promise<string> {
	if (passwordLength(password) < MIN_PASSWORD_LENGTH) throw new WeakPasswordError();
	if (password.length > MAX_PASSWORD_LENGTH) throw new WeakPasswordError(`password may have at most ${MAX_PASSWORD_LENGTH} characters`);
	return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
	try {
		return await verify(stored, password);
	} catch {
		// A malformed stored hash must not sign anyone in.
		return false;
	}
}

// Verifying against this when the user does not exist keeps the response time the
// same, so timing does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
	dummyHash ??= hash(randomSecret(16), OPTIONS);
	await verifyPassword(await dummyHash, password);
}

/** A generated password: 24 URL-safe characters (144 bits). */
export function generatePassword(): string {
	return randomSecret(18);
}
