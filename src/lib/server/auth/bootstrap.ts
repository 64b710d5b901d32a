/**
 * First start: with no users at all, create `admin` with a random password and print
 * it once. There is never a fixed default password.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { countUsers, createUser } from './users.ts';

export async function ensureInitialAdmin(db: Kysely<Database>, log: (line: string) => void = console.log): Promise<string | null> {
	if ((await countUsers(db)) > 0) return null;
	const { generatedPassword } = await createUser(db, { username: 'admin', role: 'admin' });
	log(
		[
			'',
			'  No users existed, so an admin account was created:',
			'    username: admin',
			`    password: ${generatedPassword}`,
			'  This password is shown only once. Change it with "npm run user -- reset admin".',
			''
		].join('\n')
	);
	return generatedPassword;
}
