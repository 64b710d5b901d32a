/**
 * Starts a re-scan whenever the serving champion is one the inventory was not re-scanned
 * with yet: after a release or a champion switch, and at start (which also resumes a run
 * a restart interrupted). One run at a time per process; several servers on one
 * PostgreSQL share the run (store.ts) and write the same verdicts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ModelService } from '../model-service.ts';
import { rescanInventory } from './runner.ts';

export interface RescanWatch {
	stop(): void;
	/** One check now (tests; the timer calls it too). */
	check(): Promise<void>;
}

export function watchChampion(
	db: Kysely<Database>,
	models: Pick<ModelService, 'ready' | 'champion'>,
	options: { pollMs?: number; log?: (line: string) => void } = {}
): RescanWatch {
	const log = options.log ?? ((line: string) => console.log(line));
	let scanned: string | null = null;
	let running: Promise<void> | null = null;
	const once = async () => {
		if (!models.ready) return;
		const champion = models.champion;
		if (champion.version === scanned) return;
		try {
			await rescanInventory(db, champion, { previousModel: scanned, log });
			scanned = champion.version;
		} catch (error) {
			log(`rescan: ${champion.version} stopped, retrying at the next check: ${(error as Error).message}`);
		}
	};
	const check = () => {
		running ??= once().finally(() => (running = null));
		return running;
	};
	const timer = setInterval(() => void check(), options.pollMs ?? 2000);
	timer.unref?.();
	void check();
	return { stop: () => clearInterval(timer), check };
}
