/**
 * The one set of migrations, for SQLite and PostgreSQL alike. Only portable column
 * types: text, integer, bigint (epoch ms), double precision. Append new migrations;
 * never edit one that has shipped.
 */
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { CodedError } from '../../errors.ts';
import { backfillRollups } from '../telemetry/rollup-store.ts';

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
	// Keys made before scopes keep every scope and no expiry, so nothing breaks on upgrade.
	'0008-api-key-scopes': {
		async up(db: Kysely<any>) {
			await db.schema
				.alterTable('api_keys')
				.addColumn('scopes', 'text', (c) => c.notNull().defaultTo('classify,sync,read'))
				.execute();
			await db.schema.alterTable('api_keys').addColumn('expires_at', 'bigint').execute();
			await db.schema.createIndex('api_keys_user').on('api_keys').column('user_id').execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.alterTable('api_keys').dropColumn('expires_at').execute();
			await db.schema.alterTable('api_keys').dropColumn('scopes').execute();
		}
	},
	// Which session sent which events (src/lib/server/telemetry/trust.ts) and what an admin excluded.
	'0009-telemetry-trust': {
		async up(db: Kysely<any>) {
			await db.schema.alterTable('telemetry_events').addColumn('source_id', 'text').execute();
			await db.schema.createIndex('telemetry_source').on('telemetry_events').column('source_id').execute();
			await db.schema
				.createTable('telemetry_sources')
				.addColumn('source_id', 'text', (c) => c.primaryKey())
				.addColumn('user_id', 'text', (c) => c.notNull())
				.addColumn('username', 'text', (c) => c.notNull())
				.addColumn('first_seen', 'bigint', (c) => c.notNull())
				.addColumn('last_seen', 'bigint', (c) => c.notNull())
				.addColumn('events', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('telemetry_sources_seen').on('telemetry_sources').column('last_seen').execute();
			await db.schema
				.createTable('telemetry_exclusions')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('source_id', 'text')
				.addColumn('user_id', 'text')
				.addColumn('reason', 'text', (c) => c.notNull())
				.addColumn('excluded_by', 'text', (c) => c.notNull())
				.addColumn('excluded_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('telemetry_excluded_events')
				.addColumn('event_id', 'text', (c) => c.primaryKey())
				.addColumn('source_id', 'text', (c) => c.notNull())
				.addColumn('excluded_at', 'bigint', (c) => c.notNull())
				// The raw event row as JSON, so an exclusion can be reviewed later.
				.addColumn('event', 'text', (c) => c.notNull())
				.execute();
		},
		async down(db: Kysely<any>) {
			for (const t of ['telemetry_excluded_events', 'telemetry_exclusions', 'telemetry_sources']) await db.schema.dropTable(t).execute();
			await db.schema.alterTable('telemetry_events').dropColumn('source_id').execute();
		}
	},
	// Review decisions on inventory items (src/lib/server/review/): one row per item, the latest decision.
	'0010-reviews': {
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('reviews')
				.addColumn('item_id', 'text', (c) => c.primaryKey())
				.addColumn('decision', 'text', (c) => c.notNull())
				.addColumn('label', 'integer')
				.addColumn('note', 'text')
				.addColumn('reviewer', 'text', (c) => c.notNull())
				.addColumn('reviewed_at', 'bigint', (c) => c.notNull())
				.addColumn('source', 'text', (c) => c.notNull())
				.addColumn('description', 'text', (c) => c.notNull())
				.addColumn('model_version', 'text', (c) => c.notNull())
				.addColumn('model_label', 'integer', (c) => c.notNull())
				.addColumn('model_probability', 'double precision', (c) => c.notNull())
				.addColumn('override_label', 'integer')
				.execute();
			await db.schema.createIndex('reviews_reviewed_at').on('reviews').column('reviewed_at').execute();
			await db.schema.createIndex('reviews_model').on('reviews').column('model_version').execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.dropTable('reviews').execute();
		}
	},
	// Issue 16: re-scans of the synced inventory after a champion switch, and devices' re-scan counts.
	'0011-rescans': {
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('rescan_runs')
				.addColumn('model', 'text', (c) => c.primaryKey())
				.addColumn('regulation', 'text')
				.addColumn('previous_model', 'text')
				.addColumn('started_at', 'bigint', (c) => c.notNull())
				.addColumn('finished_at', 'bigint')
				.addColumn('total', 'integer', (c) => c.notNull())
				.addColumn('done', 'integer', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('rescan_items')
				.addColumn('model', 'text', (c) => c.notNull())
				.addColumn('record_id', 'text', (c) => c.notNull())
				.addColumn('from_label', 'integer', (c) => c.notNull())
				.addColumn('to_label', 'integer')
				.addPrimaryKeyConstraint('rescan_items_pk', ['model', 'record_id'])
				.execute();
			await db.schema
				.createTable('device_rescans')
				.addColumn('event_id', 'text', (c) => c.primaryKey())
				.addColumn('time', 'bigint', (c) => c.notNull())
				.addColumn('received_at', 'bigint', (c) => c.notNull())
				.addColumn('app_version', 'text', (c) => c.notNull())
				.addColumn('model_version', 'text', (c) => c.notNull())
				.addColumn('previous_model_version', 'text')
				.addColumn('total', 'integer', (c) => c.notNull())
				.addColumn('to_non_compliant', 'integer', (c) => c.notNull())
				.addColumn('to_compliant', 'integer', (c) => c.notNull())
				.addColumn('disagree_with_human', 'integer', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('device_rescans_model').on('device_rescans').column('model_version').execute();
		},
		async down(db: Kysely<any>) {
			for (const t of ['device_rescans', 'rescan_items', 'rescan_runs']) await db.schema.dropTable(t).execute();
		}
	},
	'0012-security-events': {
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('security_events')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('at', 'bigint', (c) => c.notNull())
				.addColumn('kind', 'text', (c) => c.notNull())
				.addColumn('user_id', 'text')
				.addColumn('username', 'text')
				.addColumn('address', 'text')
				.addColumn('detail', 'text', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('security_events_at').on('security_events').column('at').execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.dropTable('security_events').execute();
		}
	},
	'0013-session-activity': {
		async up(db: Kysely<any>) {
			await db.schema.alterTable('sessions').addColumn('last_seen_at', 'bigint').execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute();
		}
	},
	// Where a document finding came from (src/lib/documents/): file name and page.
	'0014-inventory-source': {
		async up(db: Kysely<any>) {
			await db.schema.alterTable('inventory').addColumn('source_document', 'text').execute();
			await db.schema.alterTable('inventory').addColumn('source_page', 'integer').execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.alterTable('inventory').dropColumn('source_page').execute();
			await db.schema.alterTable('inventory').dropColumn('source_document').execute();
		}
	}
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
