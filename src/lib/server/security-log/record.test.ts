/**
 * Refused access in the security log, on a real database: real refusals are recorded; the
 * app's anonymous "am I signed in?" probe (GET /api/session -> 401) is not.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { listSecurityEvents, recordRefusedAccess, securityLog } from './record.ts';

function requestEvent(method: string, path: string, user: App.Locals['user'] = null) {
	const url = new URL(path, 'http://localhost');
	return { request: new Request(url, { method }), url, locals: { user } as App.Locals, getClientAddress: () => '10.0.0.8' };
}

describe.each(testDatabases())('refused access in the security log on $name', ({ open }) => {
	let handle: DatabaseHandle;
	afterEach(async () => handle?.close());

	it('logs real refusals but not the anonymous session probe', async () => {
		handle = await open();
		const lines: string[] = [];
		const log = securityLog(handle.db, (line) => lines.push(line));
		const tech = { id: 'u1', username: 'tech', role: 'technician' } as App.Locals['user'];
		recordRefusedAccess(log, requestEvent('GET', '/api/session'), 401);
		recordRefusedAccess(log, requestEvent('GET', '/api/admin/users'), 401);
		recordRefusedAccess(log, requestEvent('DELETE', '/api/session'), 401);
		recordRefusedAccess(log, requestEvent('GET', '/api/admin/security-events', tech), 403);
		await vi.waitFor(async () => expect(await listSecurityEvents(handle.db, { limit: 10 })).toHaveLength(3));
		const events = await listSecurityEvents(handle.db, { limit: 10 });
		expect(events.map((e) => [e.detail.method, e.detail.path, e.detail.status, e.username]).sort()).toEqual([
			['DELETE', '/api/session', 401, null],
			['GET', '/api/admin/security-events', 403, 'tech'],
			['GET', '/api/admin/users', 401, null]
		]);
		expect(events.every((e) => e.kind === 'access-refused' && e.address === '10.0.0.8')).toBe(true);
		expect(lines.some((l) => l.includes('"path":"/api/session"') && l.includes('"method":"GET"'))).toBe(false);
	});
});
