/**
 * The ONE place that opens IndexedDB. Everything else asks for `appDb()`.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, type AppDB } from './schema.ts';
import { migrate } from './migrations.ts';
import { StorageError } from './errors.ts';

let opening: Promise<IDBPDatabase<AppDB>> | null = null;

export function appDb(): Promise<IDBPDatabase<AppDB>> {
	opening ??= openDB<AppDB>(DB_NAME, DB_VERSION, {
		upgrade(db, oldVersion, newVersion, tx) {
			migrate(db, oldVersion, newVersion ?? DB_VERSION, tx);
		},
		blocked() {
			// An older tab holds the previous version open; it closes itself (terminated/versionchange below).
		},
		blocking() {
			// A newer version of the app (another tab) wants to upgrade: let it.
			void opening?.then((db) => db.close());
			opening = null;
		},
		terminated() {
			opening = null;
		}
	}).catch((cause) => {
		opening = null;
		throw new StorageError(
			'STORAGE_UNAVAILABLE',
			`This browser refused to open local storage (${(cause as Error)?.message ?? cause}). Private browsing or disabled site data can do this: allow storage for this site and reload.`,
			{ cause }
		);
	});
	return opening;
}
