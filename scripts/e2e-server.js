// Playwright's web server: the built app behind server.js on port E2E_PORT (4173),
// with a fresh SQLite database in a temp folder and the test users of
// tests/support/users.ts. MODELS_DIR is passed through (default ./models).
// The temp folder is deleted when the server stops.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '#lib/server/db/connect.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { E2E_PORT, TEST_USERS } from '#tests/support/users.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-server-'));
const file = path.join(dir, 'app.sqlite');
process.env.DATABASE_URL = `sqlite:${file}`;
process.env.PORT = String(E2E_PORT);
process.env.HOST ??= '127.0.0.1';
// Specs send many sign-ins and telemetry batches from one address.
process.env.LOGIN_MAX_FAILURES_PER_IP ??= '1000';
// Specs send telemetry for made-up model versions (to tell their data apart); production
// rejects versions the registry does not list (src/lib/server/telemetry/trust.ts).
process.env.TELEMETRY_ACCEPT_UNKNOWN_MODELS ??= '1';

const seed = await openDatabase({ dialect: 'sqlite', file });
for (const user of Object.values(TEST_USERS)) await createUser(seed.db, user);
await seed.close();
console.log(
	`e2e: database ${file} with users ${Object.values(TEST_USERS)
		.map((u) => `${u.username} (${u.role})`)
		.join(', ')}`
);

const cleanup = () => rmSync(dir, { recursive: true, force: true });
process.on('exit', cleanup);

await import('../server.js');
