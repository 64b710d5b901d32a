// `npm run user -- <command>`: manage accounts and API keys in the configured database
// (DATABASE_URL, default sqlite:./data/app.sqlite).
//   add NAME --role technician|analyst|admin [--password-stdin]
//   list | disable NAME | enable NAME | role NAME ROLE | reset NAME [--password-stdin]
//   key create NAME [--scope classify,sync,read] [--expires DAYS|never] | key list | key revoke ID
// Without --password-stdin an interactive terminal is asked for the password (empty =
// generate one); otherwise a password is generated and printed once.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '#lib/server/config.ts';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser, disableUser, enableUser, listUsers, resetPassword, setRole } from '#lib/server/auth/users.ts';
import { API_KEY_SCOPES, createApiKey, DEFAULT_KEY_DAYS, listApiKeys, revokeApiKey } from '#lib/server/auth/api-keys.ts';
import { UsageError } from '#lib/node/errors.ts';

const USAGE = `usage: npm run user -- <command>
  add NAME --role technician|analyst|admin [--password-stdin]
  list
  disable NAME           ends their sessions and revokes their API keys
  enable NAME
  role NAME ROLE         technician|analyst|admin (their sessions end)
  reset NAME [--password-stdin]   also ends their sessions and revokes their API keys
  key create NAME [--scope S] [--expires DAYS|never]
                         API key acting as user NAME (Authorization: Bearer <key>);
                         scopes ${API_KEY_SCOPES.join(', ')} (comma-separated, default classify),
                         expiry in days (default ${DEFAULT_KEY_DAYS})
  key list
  key revoke ID`;

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks)
		.toString('utf8')
		.replace(/\r?\n$/, '');
}

/** Asks for a password without echoing it; empty answer means "generate one". */
function promptPassword(question: string): Promise<string> {
	return new Promise((resolve) => {
		const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
		const output = rl as unknown as { _writeToOutput: (s: string) => void };
		rl.question(question, (answer) => {
			rl.close();
			process.stdout.write('\n');
			resolve(answer);
		});
		output._writeToOutput = () => {};
	});
}

async function passwordFrom(passwordStdin: boolean): Promise<string | undefined> {
	if (passwordStdin) return readStdin();
	if (process.stdin.isTTY) return (await promptPassword('Password (leave empty to generate one): ')) || undefined;
	return undefined;
}

const date = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 19).replace('T', ' '));

async function main(argv: string[]): Promise<void> {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		options: {
			role: { type: 'string' },
			scope: { type: 'string' },
			expires: { type: 'string' },
			'password-stdin': { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h' }
		}
	});
	const [command, ...rest] = positionals;
	if (values.help || !command) {
		console.log(USAGE);
		return;
	}
	const database = await openDatabase(loadConfig().database);
	const db = database.db;
	try {
		switch (command) {
			case 'add': {
				const [name] = rest;
				if (!name || !values.role) throw new UsageError('add needs NAME and --role, e.g. "add alice --role technician"');
				const password = await passwordFrom(values['password-stdin']);
				const { user, generatedPassword } = await createUser(db, { username: name, role: values.role, password });
				console.log(`Created ${user.role} "${user.username}".`);
				if (generatedPassword) console.log(`Password (shown once): ${generatedPassword}`);
				break;
			}
			case 'list': {
				const users = await listUsers(db);
				if (users.length === 0) console.log('No users yet; the server creates "admin" on first start.');
				for (const u of users)
					console.log(`${u.username.padEnd(24)} ${u.role.padEnd(11)} ${u.disabled ? 'disabled' : 'active  '} since ${date(u.createdAt)}`);
				break;
			}
			case 'disable': {
				if (!rest[0]) throw new UsageError('disable needs NAME');
				await disableUser(db, rest[0]);
				console.log(`Disabled "${rest[0]}"; their sessions and API keys no longer work.`);
				break;
			}
			case 'enable': {
				if (!rest[0]) throw new UsageError('enable needs NAME');
				await enableUser(db, rest[0]);
				console.log(`Enabled "${rest[0]}" (revoked API keys stay revoked).`);
				break;
			}
			case 'role': {
				if (!rest[0] || !rest[1]) throw new UsageError('role needs NAME and ROLE, e.g. "role alice analyst"');
				await setRole(db, rest[0], rest[1]);
				console.log(`"${rest[0]}" is now ${rest[1]}; their sessions ended.`);
				break;
			}
			case 'reset': {
				if (!rest[0]) throw new UsageError('reset needs NAME');
				const generated = await resetPassword(db, rest[0], await passwordFrom(values['password-stdin']));
				console.log(`New password set for "${rest[0]}"; the account is enabled, its old sessions ended and its API keys revoked.`);
				if (generated) console.log(`Password (shown once): ${generated}`);
				break;
			}
			case 'key': {
				const [sub, arg] = rest;
				if (sub === 'create' && arg) {
					const expires = values.expires;
					if (expires !== undefined && expires !== 'never' && !/^\d+$/.test(expires))
						throw new UsageError(`--expires takes a number of days or "never", not "${expires}"`);
					const { id, key, scopes, expiresAt } = await createApiKey(db, arg, {
						scopes: values.scope?.split(','),
						expiresInDays: expires === undefined ? undefined : expires === 'never' ? null : Number(expires)
					});
					console.log(
						`API key ${id} for "${arg}", scopes ${scopes.join(',')}, expires ${expiresAt ? date(expiresAt) : 'never'} (shown once):\n${key}`
					);
				} else if (sub === 'list') {
					for (const k of await listApiKeys(db)) {
						console.log(
							`${k.id}  ${k.username.padEnd(20)} ${k.prefix}…  ${k.scopes.join(',').padEnd(19)} created ${date(k.createdAt)}  expires ${date(k.expiresAt)}  last used ${date(k.lastUsedAt)}  ${k.revokedAt ? `revoked ${date(k.revokedAt)}` : k.expiresAt !== null && k.expiresAt <= Date.now() ? 'expired' : 'active'}`
						);
					}
				} else if (sub === 'revoke' && arg) {
					if (!(await revokeApiKey(db, arg))) throw new UsageError(`no active key with id ${arg}; "key list" shows them`);
					console.log(`Revoked key ${arg}.`);
				} else throw new UsageError('key needs "create NAME", "list" or "revoke ID"');
				break;
			}
			default:
				throw new UsageError(`unknown command "${command}"`);
		}
	} finally {
		await database.close();
	}
}

main(process.argv.slice(2)).catch((e: unknown) => {
	const err = e as Error & { code?: string };
	console.error(`error: ${err.message}`);
	if (err.code === 'USAGE') console.error(USAGE);
	process.exit(1);
});
