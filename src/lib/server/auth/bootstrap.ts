/**
 * First start: with no users at all, create `admin` with a random password. There is
 * never a fixed default password, and the password never goes into the log: it is shown
 * on the terminal when the server runs on one, otherwise written to a file only the
 * server's user can read (mode 0600) and the log names that file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { countUsers, createUser } from './users.ts';

export interface BootstrapOutput {
	/** Writes to the log (stdout; may be collected). */
	log: (line: string) => void;
	/** Whether an interactive terminal is attached (then the password is shown there, on stderr's TTY). */
	terminal: ((text: string) => void) | null;
	/** Where to write the password when there is no terminal. */
	passwordFile: string;
}

/** Default: next to the SQLite file, else ./data (INITIAL_ADMIN_PASSWORD_FILE overrides). */
function defaultPasswordFile(env: NodeJS.ProcessEnv = process.env): string {
	if (env.INITIAL_ADMIN_PASSWORD_FILE) return path.resolve(env.INITIAL_ADMIN_PASSWORD_FILE);
	const url = env.DATABASE_URL ?? '';
	const dir =
		url.startsWith('sqlite:') && !url.endsWith(':memory:') ? path.dirname(path.resolve(url.slice('sqlite:'.length))) : path.resolve('data');
	return path.join(dir, 'initial-admin-password.txt');
}

export async function ensureInitialAdmin(
	db: Kysely<Database>,
	output: ((line: string) => void) | Partial<BootstrapOutput> = {}
): Promise<string | null> {
	const given = typeof output === 'function' ? { log: output } : output;
	const out: BootstrapOutput = {
		log: given.log ?? console.log,
		terminal: given.terminal !== undefined ? given.terminal : process.stderr.isTTY ? (text) => void process.stderr.write(text) : null,
		passwordFile: given.passwordFile ?? defaultPasswordFile()
	};
	if ((await countUsers(db)) > 0) return null;
	const { generatedPassword } = await createUser(db, { username: 'admin', role: 'admin' });
	const advice = 'Sign in, then change it on the Account page (or "npm run user -- reset admin").';
	if (out.terminal) {
		out.terminal(
			[
				'',
				'  No users existed, so an admin account was created:',
				'    username: admin',
				`    password: ${generatedPassword}`,
				`  Shown only here, never in the log. ${advice}`,
				''
			].join('\n') + '\n'
		);
		out.log('No users existed: created the admin account; its password was shown on the terminal only.');
	} else {
		mkdirSync(path.dirname(out.passwordFile), { recursive: true });
		writeFileSync(out.passwordFile, `username: admin\npassword: ${generatedPassword}\n`, { mode: 0o600 });
		out.log(
			`No users existed: created the admin account; its password is in ${out.passwordFile} (readable by this user only). ${advice} Then delete the file.`
		);
	}
	return generatedPassword;
}
