/**
 * A signed-in user changes their own password: the current one is required, the new
 * one needs MIN_PASSWORD_LENGTH characters, and every other session of that user ends
 * (the one making the change stays signed in). Logged as a security event. A wrong
 * current password counts as a failed sign-in of that account from that address, with
 * the same growing waits (sign-in-throttle.ts), so a stolen session cannot guess it fast.
 */
import type { Kysely } from 'kysely';
import { CodedError } from '../../errors.ts';
import type { Database } from '../db/schema.ts';
import { securityLog } from '../security-log/record.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { revokeOtherSessions } from './sessions.ts';
import { bookkeeping } from './sign-in.ts';
import { accountThrottle, waitInWords } from './sign-in-throttle.ts';

export class PasswordChangeError extends CodedError<
	'WRONG_PASSWORD' | 'WEAK_PASSWORD' | 'SAME_PASSWORD' | 'NO_PASSWORD' | 'TOO_MANY_ATTEMPTS'
> {
	/** With TOO_MANY_ATTEMPTS: how long to wait before the next try. */
	readonly retryAfterSeconds: number;
	constructor(code: PasswordChangeError['code'], message: string, retryAfterSeconds = 0) {
		super(code, message);
		this.retryAfterSeconds = retryAfterSeconds;
	}
}

export async function changeOwnPassword(
	db: Kysely<Database>,
	request: { userId: string; currentPassword: string; newPassword: string; keepSessionToken: string | null; address: string | null }
): Promise<void> {
	const user = await db.selectFrom('users').select(['id', 'username', 'password_hash']).where('id', '=', request.userId).executeTakeFirst();
	if (!user?.password_hash) throw new PasswordChangeError('NO_PASSWORD', 'This account has no password to change; ask an admin.');
	const base = { userId: user.id, username: user.username, address: request.address };
	const throttle = accountThrottle(db);
	const [account, address] = [user.username.toLowerCase(), request.address ?? 'unknown'];
	const open = { ok: true, retryAfterSeconds: 0 };
	const decision = await bookkeeping('throttle', () => throttle.check(account, address), open);
	if (!decision.ok) {
		await securityLog(db).record({
			kind: 'sign-in-throttled',
			...base,
			detail: { retryAfterSeconds: decision.retryAfterSeconds, during: 'password-change' }
		});
		throw new PasswordChangeError(
			'TOO_MANY_ATTEMPTS',
			`Too many wrong passwords. Wait ${waitInWords(decision.retryAfterSeconds)} before the next try.`,
			decision.retryAfterSeconds
		);
	}
	if (!(await verifyPassword(user.password_hash, request.currentPassword))) {
		await bookkeeping('count failure', () => throttle.failed(account, address), undefined);
		await securityLog(db).record({ kind: 'sign-in-failure', ...base, detail: { reason: 'wrong-current-password' } });
		throw new PasswordChangeError('WRONG_PASSWORD', 'The current password is not right.');
	}
	await bookkeeping('reset', () => throttle.succeeded(account, address), undefined);
	const problem = passwordProblem(request.newPassword);
	if (problem) throw new PasswordChangeError('WEAK_PASSWORD', problem);
	if (request.newPassword === request.currentPassword)
		throw new PasswordChangeError('SAME_PASSWORD', 'The new password must differ from the current one.');
	const password_hash = await hashPassword(request.newPassword);
	await db.transaction().execute(async (tx) => {
		await tx.updateTable('users').set({ password_hash, updated_at: Date.now() }).where('id', '=', user.id).execute();
		await revokeOtherSessions(tx, user.id, request.keepSessionToken);
	});
	await securityLog(db).record({ kind: 'password-changed', ...base });
}
