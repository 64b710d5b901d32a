/**
 * A server of its own for a browser spec that changes what every other spec relies on
 * (the champion, the review queue): the built app (app-server.ts) on a fixed port, a
 * throwaway copy of the committed models and a fresh SQLite file with the test users.
 * The shared Playwright server is not touched.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { ROOT, spawnAppServer, waitForAppServer } from './app-server.ts';
import { TEST_USERS } from './users.ts';

export { NODE, ROOT } from './app-server.ts';

export interface OwnServer {
	base: string;
	/** Temp folder holding models/, app.sqlite and anything the spec puts there. */
	dir: string;
	modelsDir: string;
	databaseUrl: string;
	log(): string;
	stop(): Promise<void>;
}

export async function startOwnServer(port: number, env: Record<string, string> = {}): Promise<OwnServer> {
	const dir = await mkdtemp(path.join(tmpdir(), `own-server-${port}-`));
	const modelsDir = path.join(dir, 'models');
	await cp(path.join(ROOT, 'models'), modelsDir, { recursive: true });
	const dbFile = path.join(dir, 'app.sqlite');
	const database = await openDatabase({ dialect: 'sqlite', file: dbFile });
	for (const user of Object.values(TEST_USERS)) await createUser(database.db, user);
	await database.close();
	const base = `http://localhost:${port}`;
	const databaseUrl = `sqlite:${dbFile}`;
	const server = spawnAppServer({
		port,
		env: { ORIGIN: base, MODELS_DIR: modelsDir, DATABASE_URL: databaseUrl, LOGIN_MAX_FAILURES_PER_IP: '1000', ...env },
		// The development signing key is trusted outside production (README, Security).
		unset: ['TRUSTED_MODEL_KEYS', 'NODE_ENV']
	});
	const stop = async () => {
		await server.stop();
		await rm(dir, { recursive: true, force: true });
	};
	// Listening and serving the champion before the first page opens (slow under load).
	try {
		await waitForAppServer(server);
	} catch (error) {
		await rm(dir, { recursive: true, force: true });
		throw new Error(`${(error as Error).message}\n(is port ${port} taken? run npm run build first)`);
	}
	return { base, dir, modelsDir, databaseUrl, log: server.log, stop };
}
