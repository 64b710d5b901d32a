/**
 * The one set of migrations, for SQLite and PostgreSQL alike. Only portable column
 * types: text, integer, bigint (epoch ms), double precision. Append new migrations;
 * never edit one that has shipped.
 */
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { CodedError } from '../../errors.ts';
import { backfillRollups } from '../telemetry/rollup-store.ts';
import { laterMigrations } from './migrations-later.ts';

const migrations: Record<string, Migration> = {
	'0001-accounts': {
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('users')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('username', 'text', (c) => c.notNull().unique())
				.addColumn('password_hash', 'text')
				.addColumn('role', 'text', (c) => c.notNull())
				.addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('sessions')
				.addColumn('token_hash', 'text', (c) => c.primaryKey())
				.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('expires_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
			await db.schema
				.createTable('api_keys')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
				.addColumn('key_hash', 'text', (c) => c.notNull().unique())
				.addColumn('prefix', 'text', (c) => c.notNull())
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('last_used_at', 'bigint')
				.addColumn('revoked_at', 'bigint')
				.execute();
		},
		async down(db: Kysely<any>) {
			for (const t of ['api_keys', 'sessions', 'users']) await db.schema.dropTable(t).execute();
		}
	},
	'0002-inventory-sync': {
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('inventory')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('description', 'text', (c) => c.notNull())
				.addColumn('label', 'integer', (c) => c.notNull())
				.addColumn('probability', 'double precision', (c) => c.notNull())
				.addColumn('model_version', 'text', (c) => c.notNull())
				.addColumn('needs_review', 'integer', (c) => c.notNull())
				.addColumn('override_label', 'integer')
				.addColumn('override_reason', 'text')
				.addColumn('created_by', 'text', (c) => c.notNull())
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
				.addColumn('version', 'integer', (c) => c.notNull())
				.addColumn('seq', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('inventory_seq').on('inventory').column('seq').execute();
			await db.schema
				.createTable('inventory_history')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('record_id', 'text', (c) => c.notNull())
				.addColumn('record', 'text', (c) => c.notNull())
				.addColumn('reason', 'text', (c) => c.notNull())
				.addColumn('change_id', 'text')
				.addColumn('recorded_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('inventory_history_record').on('inventory_history').column('record_id').execute();
			await db.schema
				.createTable('sync_changes')
				.addColumn('change_id', 'text', (c) => c.primaryKey())
				.addColumn('record_id', 'text', (c) => c.notNull())
				.addColumn('outcome', 'text', (c) => c.notNull())
				.addColumn('applied_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('counters')
				.addColumn('name', 'text', (c) => c.primaryKey())
				.addColumn('value', 'bigint', (c) => c.notNull())
				.execute();
			await db.insertInto('counters').values({ name: 'inventory_seq', value: 0 }).execute();
		},
		async down(db: Kysely<any>) {
			for (const t of ['counters', 'sync_changes', 'inventory_history', 'inventory']) await db.schema.dropTable(t).execute();
		}
	},
	'0003-telemetry': {
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('telemetry_events')
				.addColumn('event_id', 'text', (c) => c.primaryKey())
				.addColumn('time', 'bigint', (c) => c.notNull())
				.addColumn('received_at', 'bigint', (c) => c.notNull())
				.addColumn('kind', 'text', (c) => c.notNull())
				.addColumn('app_version', 'text', (c) => c.notNull())
				.addColumn('model_version', 'text', (c) => c.notNull())
				.addColumn('backend', 'text', (c) => c.notNull())
				.addColumn('threads', 'integer', (c) => c.notNull())
				.addColumn('latency_ms', 'double precision', (c) => c.notNull())
				.addColumn('error_code', 'text')
				.addColumn('label', 'integer')
				.addColumn('probability', 'double precision')
				.addColumn('token_count', 'integer')
				.addColumn('oov_count', 'integer')
				.addColumn('overridden', 'integer')
				.addColumn('override_label', 'integer')
				.addColumn('shadow_model_version', 'text')
				.addColumn('shadow_label', 'integer')
				.addColumn('shadow_probability', 'double precision')
				.execute();
			await db.schema.createIndex('telemetry_time').on('telemetry_events').column('time').execute();
			await db.schema.createIndex('telemetry_model_time').on('telemetry_events').columns(['model_version', 'time']).execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.dropTable('telemetry_events').execute();
		}
	},
	// The part number of a bulk scan's "id" column, kept with the item (searchable, exported).
	'0004-inventory-part-number': {
		async up(db: Kysely<any>) {
			await db.schema.alterTable('inventory').addColumn('part_number', 'text').execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.alterTable('inventory').dropColumn('part_number').execute();
		}
	},
	'0005-telemetry-rollups': {
		async up(db: Kysely<any>) {
			const dims = ['bucket_ms', 'bucket_start', 'model_version'];
			await db.schema
				.createTable('telemetry_rollups')
				.addColumn('bucket_ms', 'bigint', (c) => c.notNull())
				.addColumn('bucket_start', 'bigint', (c) => c.notNull())
				.addColumn('model_version', 'text', (c) => c.notNull())
				.addColumn('app_version', 'text', (c) => c.notNull())
				.addColumn('backend', 'text', (c) => c.notNull())
				.addColumn('events', 'bigint', (c) => c.notNull())
				.addColumn('predictions', 'bigint', (c) => c.notNull())
				.addColumn('non_compliant', 'bigint', (c) => c.notNull())
				.addColumn('tokens', 'bigint', (c) => c.notNull())
				.addColumn('oov', 'bigint', (c) => c.notNull())
				.addColumn('overrides', 'bigint', (c) => c.notNull())
				.addColumn('confidence_sum', 'double precision', (c) => c.notNull())
				.addColumn('model_errors', 'bigint', (c) => c.notNull())
				.addColumn('last_seen', 'bigint', (c) => c.notNull())
				.addPrimaryKeyConstraint('telemetry_rollups_pk', [...dims, 'app_version', 'backend'] as never)
				.execute();
			await db.schema
				.createTable('telemetry_rollup_counts')
				.addColumn('bucket_ms', 'bigint', (c) => c.notNull())
				.addColumn('bucket_start', 'bigint', (c) => c.notNull())
				.addColumn('model_version', 'text', (c) => c.notNull())
				.addColumn('metric', 'text', (c) => c.notNull())
				// JSON object key -> count: one row per histogram keeps ingestion to a few row writes.
				.addColumn('counts', 'text', (c) => c.notNull())
				.addPrimaryKeyConstraint('telemetry_rollup_counts_pk', [...dims, 'metric'] as never)
				.execute();
			// Events stored before rollups existed.
			await backfillRollups(db);
		},
		async down(db: Kysely<any>) {
			for (const t of ['telemetry_rollup_counts', 'telemetry_rollups']) await db.schema.dropTable(t).execute();
		}
	},
	'0006-rate-limits': {
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('rate_limits')
				.addColumn('key', 'text', (c) => c.primaryKey())
				.addColumn('tokens', 'double precision', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.addColumn('full_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('rate_limits_full_at').on('rate_limits').column('full_at').execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.dropTable('rate_limits').execute();
		}
	},
	// Who changed which inventory record, when, from what to what (src/lib/server/audit/).
	'0007-audit': {
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('inventory_audit')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('record_id', 'text', (c) => c.notNull())
				.addColumn('change_id', 'text')
				.addColumn('actor', 'text', (c) => c.notNull())
				.addColumn('action', 'text', (c) => c.notNull())
				.addColumn('at', 'bigint', (c) => c.notNull())
				.addColumn('before', 'text')
				.addColumn('after', 'text')
				.addColumn('note', 'text')
				.execute();
			await db.schema.createIndex('inventory_audit_record').on('inventory_audit').columns(['record_id', 'at']).execute();
			// Whose override it is, and whether the server's own model checked the verdict.
			await db.schema.alterTable('inventory').addColumn('override_by', 'text').execute();
			await db.schema
				.alterTable('inventory')
				.addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
				.execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.dropTable('inventory_audit').execute();
			await db.schema.alterTable('inventory').dropColumn('verified').execute();
			await db.schema.alterTable('inventory').dropColumn('override_by').execute();
		}
	},
	...laterMigrations
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export class MigrationError extends CodedError<'MIGRATION_FAILED'> {
	constructor(message: string, options?: ErrorOptions) {
		super('MIGRATION_FAILED', message, options);
	}
}

/** Names of the migrations not applied yet (reads only: works on a read-only database). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
	return (await new Migrator({ db, provider }).getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
	const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
		throw new MigrationError(`database migration ${failed} failed: ${(error as Error).message ?? error}`, { cause: error });
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
