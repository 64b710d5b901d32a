/**
 * Migrations 0008 onwards (migrations.ts holds the first ones and runs them all in name
 * order). Same rules: portable column types only; append, never edit one that shipped.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const laterMigrations: Record<string, Migration> = {
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
	},
	// The summary reads rollups; raw events are read only by time (sub-minute range ends,
	// retention) or by source (exclusion), so this index only cost every insert.
	'0015-telemetry-model-index': {
		async up(db: Kysely<any>) {
			await db.schema.dropIndex('telemetry_model_time').execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.createIndex('telemetry_model_time').on('telemetry_events').columns(['model_version', 'time']).execute();
		}
	}
};
