/**
 * A signed-in user changes their own password: the current one is required, the new
 * one needs MIN_PASSWORD_LENGTH characters, and every other session of that user ends
 * (the one making the change stays signed in). Logged as a security event.
 */
import type { Kysely } from 'kysely';
import { CodedError } from '../../errors.ts';
import type { Database } from '../db/schema.ts';
import { securityLog } from '../security-log/record.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { revokeOtherSessions } from './sessions.ts';

export class PasswordChangeError extends CodedError<'WRONG_PASSWORD' | 'WEAK_PASSWORD' | 'SAME_PASSWORD' | 'NO_PASSWORD'> {}

export async function changeOwnPassword(
	db: Kysely<Database>,
	request: { userId: string; currentPassword: string; newPassword: string; keepSessionToken: string | null; address: string | null }
): Promise<void> {
	const user = await db.selectFrom('users').select(['id', 'username', 'password_hash']).where('id', '=', request.userId).executeTakeFirst();
	if (!user?.password_hash) throw new PasswordChangeError('NO_PASSWORD', 'This account has no password to change; ask an admin.');
	if (!(await verifyPassword(user.password_hash, request.currentPassword))) {
		await securityLog(db).record({
			kind: 'sign-in-failure',
			userId: user.id,
			username: user.username,
			address: request.address,
			detail: { reason: 'wrong-current-password' }
		});
		throw new PasswordChangeError('WRONG_PASSWORD', 'The current password is not right.');
	}
	const problem = passwordProblem(request.newPassword);
	if (problem) throw new PasswordChangeError('WEAK_PASSWORD', problem);
	if (request.newPassword === request.currentPassword)
		throw new PasswordChangeError('SAME_PASSWORD', 'The new password must differ from the current one.');
	const password_hash = await hashPassword(request.newPassword);
	await db.transaction().execute(async (tx) => {
		await tx.updateTable('users').set({ password_hash, updated_at: Date.now() }).where('id', '=', user.id).execute();
		await revokeOtherSessions(tx, user.id, request.keepSessionToken);
	});
	await securityLog(db).record({ kind: 'password-changed', userId: user.id, username: user.username, address: request.address });
}
