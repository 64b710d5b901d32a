/**
 * A bulk scan: classify many rows in the inference worker, in jobs of JOB_ROWS so a
 * cancel keeps what is done, with progress; results sorted non-compliant first; save
 * all to the inventory. The page only renders one page of results at a time.
 */
import { startBulkJob, asInferenceError } from '../inference/client.ts';
import type { ClassifyResult } from '../inference/protocol.ts';
import type { ScanRow, SkippedRow } from './csv-import.ts';
import type { AppState } from './app-state.svelte.ts';
import { listItems, saveItems } from '../storage/inventory-store.ts';
import { itemFromResult } from '../components/item-factory.ts';
import { duplicateIndexes } from './bulk-duplicates.ts';

/** Rows per worker job: cancel takes effect within one engine step, results of finished jobs are kept. */
const JOB_ROWS = 500;
/** Same limit as the classifier (MAX_DESCRIPTION_CHARS) and the sync schema. */
const MAX_CHARS = 2000;

export interface BulkResult {
	row: ScanRow;
	result: ClassifyResult;
}

export type BulkPhase =
	| 'idle'
	| 'running'
	| 'cancelling'
	| 'done'
	| 'cancelled'
	| 'failed'
	/** Some rows are already in the inventory: the user chooses to skip them or save anyway. */
	| 'confirm-duplicates'
	| 'saving'
	| 'saved';

/** How "Save all" treats rows already in the inventory. */
export type DuplicateChoice = 'ask' | 'skip-duplicates' | 'save-anyway';

/** Non-compliant first, most certain first within each label; input order breaks ties. */
export function sortResults(results: BulkResult[]): BulkResult[] {
	return [...results].sort((a, b) => b.result.label - a.result.label || b.result.confidence - a.result.confidence || a.row.row - b.row.row);
}

export class BulkScan {
	phase = $state<BulkPhase>('idle');
	done = $state(0);
	total = $state(0);
	saved = $state(0);
	results = $state.raw<BulkResult[]>([]);
	skipped = $state.raw<SkippedRow[]>([]);
	/** Rows of this scan already in the inventory (found when saving). */
	duplicates = $state(0);
	/** Duplicates left out by the last save. */
	duplicatesSkipped = $state(0);
	error = $state<string | null>(null);
	#app: AppState;
	#cancel: (() => Promise<void>) | null = null;
	#cancelRequested = false;
	/** Built once per scan, so a retried save reuses the same ids (no duplicates). */
	#items: ReturnType<typeof itemFromResult>[] | null = null;

	constructor(app: AppState) {
		this.#app = app;
	}

	get busy(): boolean {
		return this.phase === 'running' || this.phase === 'cancelling' || this.phase === 'saving';
	}

	/** `skipped`: rows the input left out already (empty descriptions), shown with the long ones. */
	async run(rows: ScanRow[], skipped: SkippedRow[] = []): Promise<void> {
		if (this.busy) return;
		const valid = rows.filter((r) => r.text.length <= MAX_CHARS);
		const tooLong = rows
			.filter((r) => r.text.length > MAX_CHARS)
			.map((r) => ({ row: r.row, sourceId: r.sourceId, reason: `longer than ${MAX_CHARS} characters` }));
		this.skipped = [...skipped, ...tooLong].sort((a, b) => a.row - b.row);
		this.duplicates = 0;
		this.duplicatesSkipped = 0;
		this.results = [];
		this.error = null;
		this.done = 0;
		this.saved = 0;
		this.#items = null;
		this.total = valid.length;
		this.phase = 'running';
		this.#cancelRequested = false;
		this.#app.bulkRunning = true;
		const collected: BulkResult[] = [];
		try {
			const api = await this.#app.inference.api();
			for (let from = 0; from < valid.length && !this.#cancelRequested; from += JOB_ROWS) {
				const chunk = valid.slice(from, from + JOB_ROWS);
				const job = startBulkJob(
					api,
					chunk.map((r) => r.text),
					(p) => (this.done = from + p.done)
				);
				this.#cancel = job.cancel;
				const results = await job.result;
				results.forEach((result, i) => collected.push({ row: chunk[i], result }));
				this.done = collected.length;
			}
			this.phase = this.#cancelRequested ? 'cancelled' : 'done';
		} catch (error) {
			const e = asInferenceError(error);
			if (e.code === 'CANCELLED') this.phase = 'cancelled';
			else {
				this.phase = 'failed';
				this.error = e.message;
			}
		} finally {
			this.#cancel = null;
			this.done = collected.length;
			this.results = sortResults(collected);
			this.#app.bulkRunning = false;
		}
	}

	/** "Cancel" at the duplicates question: nothing saved. */
	keepUnsaved(): void {
		if (this.phase === 'confirm-duplicates') this.phase = 'done';
	}

	async cancel(): Promise<void> {
		if (this.phase !== 'running') return;
		this.#cancelRequested = true;
		this.phase = 'cancelling';
		await this.#cancel?.();
	}

	/**
	 * Saves every result to the inventory (and its sync outbox). With 'ask', rows already in
	 * the inventory stop the save at 'confirm-duplicates' until the user picks a choice.
	 */
	async saveAll(choice: DuplicateChoice = 'ask'): Promise<void> {
		const user = this.#app.session.user;
		if (!user || this.busy || this.results.length === 0) return;
		this.phase = 'saving';
		this.#app.bulkRunning = true;
		const from = this.saved;
		try {
			if (!this.#items) {
				const items = this.results.map((r) => itemFromResult(r.row.text, r.result, user.username, null, new Date(), r.row.partNumber));
				if (choice !== 'save-anyway') {
					const duplicates = duplicateIndexes(items, await listItems());
					this.duplicates = duplicates.size;
					if (duplicates.size > 0 && choice === 'ask') {
						this.phase = 'confirm-duplicates';
						return;
					}
					this.duplicatesSkipped = duplicates.size;
					this.#items = items.filter((_, i) => !duplicates.has(i));
				} else this.#items = items;
			}
			// After a failure (full storage) only the rest is saved: chunks already stored are not repeated.
			await saveItems(this.#items.slice(from), (n) => (this.saved = from + n));
			this.phase = 'saved';
			this.duplicates = 0;
		} catch (error) {
			this.#app.handleError(error);
			this.error = (error as Error).message;
			this.phase = 'done';
		} finally {
			this.#app.bulkRunning = false;
			this.#app.inventoryChanged();
		}
	}
}
