/**
 * Test accounts that scripts/e2e-server.js creates in its fresh database. Specs sign
 * in with these (see signIn in tests/support/session.ts). Passwords can be overridden
 * with E2E_PASSWORD; they only ever exist in a throwaway temp database.
 */
import type { Role } from '#lib/server/db/schema.ts';

/** E2E_PORT lets two people run the browser tests on one machine at once. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;

const password = process.env.E2E_PASSWORD ?? 'e2e-test-password-1';

export const TEST_USERS: Readonly<Record<Role, { username: string; password: string; role: Role }>> = {
	technician: { username: 'tech', password, role: 'technician' },
	analyst: { username: 'analyst', password, role: 'analyst' },
	admin: { username: 'admin', password, role: 'admin' }
};
