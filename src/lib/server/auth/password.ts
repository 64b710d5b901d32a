/** Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane). */
import { hash, verify } from '@node-rs/argon2';
import { CodedError } from '../../errors.ts';
import { randomSecret } from './crypto.ts';

// `Algorithm` is a const enum in @node-rs/argon2's typings, which type stripping
// cannot inline; 2 is Algorithm.Argon2id.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 10;

export class WeakPasswordError extends CodedError<'WEAK_PASSWORD'> {
	constructor() {
		super('WEAK_PASSWORD', `password must be at least ${MIN_PASSWORD_LENGTH} characters; leave it out to get a generated one`);
	}
}

export async function hashPassword(password: string): Promise<string> {
	if (password.length < MIN_PASSWORD_LENGTH) throw new WeakPasswordError();
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
