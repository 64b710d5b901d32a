/**
 * Schema migrations, one step per version, run in order from the version the device
 * has (`oldVersion`) up to DB_VERSION inside the upgrade transaction.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { AppDB } from './schema.ts';

type UpgradeTx = IDBPTransaction<AppDB, StoreNames<AppDB>[], 'versionchange'>;
type Step = (db: IDBPDatabase<AppDB>, tx: UpgradeTx) => void;

const steps: Record<number, Step> = {
	// v1: inventory, outbox of sync changes, meta.
	1(db) {
		const inventory = db.createObjectStore('inventory', { keyPath: 'id' });
		inventory.createIndex('by-updated', 'updatedAt');
		const outbox = db.createObjectStore('outbox', { keyPath: 'changeId' });
		outbox.createIndex('by-seq', 'seq');
		outbox.createIndex('by-record', 'recordId');
		db.createObjectStore('meta');
	},
	// v2: queued telemetry events (before this, events were sent straight away).
	2(db) {
		const telemetry = db.createObjectStore('telemetry', { keyPath: 'eventId' });
		telemetry.createIndex('by-queued', 'queuedAt');
	},
	// v3: verdicts a re-scan under a new model changed (the run's cursor lives in meta `rescanRun`).
	3(db) {
		const rescan = db.createObjectStore('rescan', { keyPath: ['model', 'id'] });
		rescan.createIndex('by-model', 'model');
	}
};

export function migrate(db: IDBPDatabase<AppDB>, oldVersion: number, newVersion: number, tx: UpgradeTx): void {
	for (let v = oldVersion + 1; v <= newVersion; v++) {
		const step = steps[v];
		if (!step) throw new Error(`No IndexedDB migration to version ${v}: add one in src/lib/storage/migrations.ts.`);
		step(db, tx);
	}
}
