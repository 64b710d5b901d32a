/**
 * The server's re-scan of the synced inventory under a (new) champion: batched, resumable
 * (store.ts), progress in the log, and a yield to the event loop between batches so
 * requests are served meanwhile.
 */
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Classifier } from '../../inference/classifier.ts';
import { checkText } from '../../inference/classifier.ts';
import type { Database } from '../db/schema.ts';
import { ensureRun, finishRun, pendingBatch, storeVerdicts } from './store.ts';

/** Records per batch: one ONNX run, one transaction. */
export const SERVER_RESCAN_BATCH = 200;

export interface RescanOptions {
	previousModel: string | null;
	batch?: number;
	log?: (line: string) => void;
}

/** Re-scans (or finishes re-scanning) the inventory with `champion`; a finished run is left as it is. */
export async function rescanInventory(db: Kysely<Database>, champion: Classifier, options: RescanOptions): Promise<void> {
	const { batch = SERVER_RESCAN_BATCH, log = console.log } = options;
	const model = champion.version;
	const regulation = champion.manifest.regulation?.id ?? 'cutoff-1995';
	const run = await ensureRun(db, { model, regulation, previousModel: options.previousModel });
	if (run.finished_at !== null) return;
	log(`rescan: ${model} (${regulation}): ${run.done} of ${run.total} records done${run.done > 0 ? ', resuming' : ''}`);
	let done = Number(run.done);
	for (;;) {
		const rows = await pendingBatch(db, model, batch);
		if (rows.length === 0) break;
		const texts = rows.map((r) => (r.description !== null && checkText(r.description) === null ? r.description : null));
		const valid = texts.filter((t): t is string => t !== null);
		const verdicts = valid.length > 0 ? await champion.classify(valid) : [];
		let next = 0;
		await storeVerdicts(
			db,
			model,
			rows.map((r, i) => ({ id: r.id, label: texts[i] === null ? null : verdicts[next++].label }))
		);
		done += rows.length;
		log(`rescan: ${model}: ${done} of ${run.total} records`);
		await yieldToRequests();
	}
	await finishRun(db, model);
	log(`rescan: ${model} finished (${run.total} records)`);
}
