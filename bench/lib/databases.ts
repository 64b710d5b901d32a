/** The two database engines a benchmark runs against: a SQLite file in `dir`, and a throwaway PostgreSQL cluster. */
import path from 'node:path';
import { startPostgres } from '#tests/support/postgres.ts';

export interface BenchDatabase {
	database: 'sqlite' | 'postgres';
	open(): Promise<{ url: string; close(): void }>;
}

export function benchDatabases(dir: string, sqliteFile: string): BenchDatabase[] {
	return [
		{ database: 'sqlite', open: async () => ({ url: `sqlite:${path.join(dir, sqliteFile)}`, close() {} }) },
		{
			database: 'postgres',
			open: async () => {
				const cluster = await startPostgres();
				return { url: cluster.urlFor('postgres'), close: () => cluster.stop() };
			}
		}
	];
}
