import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '#tests/support/databases.ts';
import type { DatabaseHandle } from './connect.ts';
import { migrateToLatest } from './migrations.ts';

describe.each(testDatabases())('database on $name', ({ open }) => {
	let handle: DatabaseHandle | undefined;
	afterEach(async () => {
		await handle?.close();
		handle = undefined;
	});

	it('creates every table on first open and migrating again changes nothing', async () => {
		handle = await open();
		const tables = (await handle.db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_'));
		expect(tables.sort()).toEqual([
			'api_keys',
			'counters',
			'device_rescans',
			'inventory',
			'inventory_audit',
			'inventory_history',
			'rate_limits',
			'rescan_items',
			'rescan_runs',
			'reviews',
			'security_events',
			'sessions',
			'sync_changes',
			'telemetry_events',
			'telemetry_excluded_events',
			'telemetry_exclusions',
			'telemetry_rollup_counts',
			'telemetry_rollups',
			'telemetry_sources',
			'users'
		]);
		expect(await migrateToLatest(handle.db)).toEqual([]);
	});

	it('reads bigint epoch milliseconds back as numbers', async () => {
		handle = await open();
		const now = Date.now();
		await handle.db
			.insertInto('users')
			.values({ id: 'u1', username: 'x1', password_hash: null, role: 'admin', disabled: 0, created_at: now, updated_at: now })
			.execute();
		const row = await handle.db.selectFrom('users').select(['created_at']).executeTakeFirstOrThrow();
		expect(row.created_at).toBe(now);
	});
});
