/**
 * A document scan on the device: read and segment the file in the document worker,
 * classify its passages in the inference worker (jobs of JOB_PASSAGES, so a cancel keeps
 * what is done), then list the findings non-compliant first and add them to the
 * inventory with the document and page as their source. Nothing leaves the device.
 */
import { asDocumentError, readDocumentInWorker } from '../documents/client.ts';
import { compareFindings, isNotAComponent, JOB_PASSAGES, toFinding } from '../documents/findings.ts';
import type { ExtractedDocument, Finding, Passage } from '../documents/types.ts';
import { asInferenceError, startBulkJob } from '../inference/client.ts';
import type { ClassifyResult } from '../inference/protocol.ts';
import { itemFromFinding } from '../components/item-factory.ts';
import { saveItems } from '../storage/inventory-store.ts';
import type { AppState } from './app-state.svelte.ts';

export type DocumentPhase = 'idle' | 'reading' | 'classifying' | 'cancelling' | 'done' | 'cancelled' | 'failed' | 'saving' | 'saved';

export interface DocumentFinding extends Finding {
	result: ClassifyResult;
}

export class DocumentScan {
	phase = $state<DocumentPhase>('idle');
	document = $state.raw<ExtractedDocument | null>(null);
	passages = $state.raw<Passage[]>([]);
	/** Verdicts by passage number (1-based); undefined until classified. */
	results = $state.raw<Array<ClassifyResult | undefined>>([]);
	done = $state(0);
	saved = $state(0);
	error = $state<string | null>(null);
	#app: AppState;
	#cancel: (() => Promise<void>) | null = null;
	#cancelRequested = false;

	constructor(app: AppState) {
		this.#app = app;
	}

	get busy(): boolean {
		return this.phase === 'reading' || this.phase === 'classifying' || this.phase === 'cancelling' || this.phase === 'saving';
	}

	/** Component passages with their verdicts, non-compliant first. */
	get findings(): DocumentFinding[] {
		const name = this.document?.name ?? '';
		const out: DocumentFinding[] = [];
		for (const p of this.passages) {
			const result = this.results[p.passage];
			if (result && !isNotAComponent(result)) out.push({ ...toFinding(name, p, result), result });
		}
		return out.sort(compareFindings);
	}

	/** Passages the model says are not component descriptions (boilerplate). */
	get notComponents(): number {
		return this.results.filter((r) => r && isNotAComponent(r)).length;
	}

	async open(file: File): Promise<void> {
		if (this.busy) return;
		this.phase = 'reading';
		this.error = null;
		this.document = null;
		this.passages = [];
		this.results = [];
		this.done = 0;
		this.saved = 0;
		try {
			const { document, passages } = await readDocumentInWorker(file);
			this.document = document;
			this.passages = passages;
		} catch (error) {
			this.phase = 'failed';
			this.error = asDocumentError(error).message;
			return;
		}
		await this.#classify();
	}

	async #classify(): Promise<void> {
		this.phase = 'classifying';
		this.#cancelRequested = false;
		this.#app.bulkRunning = true;
		const results: Array<ClassifyResult | undefined> = [];
		try {
			const api = await this.#app.inference.api();
			for (let from = 0; from < this.passages.length && !this.#cancelRequested; from += JOB_PASSAGES) {
				const chunk = this.passages.slice(from, from + JOB_PASSAGES);
				const job = startBulkJob(
					api,
					chunk.map((p) => p.text),
					(progress) => (this.done = from + progress.done)
				);
				this.#cancel = job.cancel;
				(await job.result).forEach((r, i) => (results[chunk[i].passage] = r));
				this.results = [...results];
				this.done = from + chunk.length;
			}
			this.phase = this.#cancelRequested ? 'cancelled' : 'done';
		} catch (error) {
			const e = asInferenceError(error);
			this.phase = e.code === 'CANCELLED' ? 'cancelled' : 'failed';
			if (e.code !== 'CANCELLED') this.error = e.message;
		} finally {
			this.#cancel = null;
			// A cancelled job returns nothing: count only the verdicts kept.
			this.done = results.filter(Boolean).length;
			this.results = [...results];
			this.#app.bulkRunning = false;
		}
	}

	async cancel(): Promise<void> {
		if (this.phase !== 'classifying') return;
		this.#cancelRequested = true;
		this.phase = 'cancelling';
		await this.#cancel?.();
	}

	/** Adds every finding to the inventory, with "document, page" as its source. */
	async addToInventory(): Promise<void> {
		const user = this.#app.session.user;
		const findings = this.findings;
		if (!user || this.busy || findings.length === 0) return;
		this.phase = 'saving';
		try {
			const items = findings.map((f) => itemFromFinding(f.text, f.result, user.username, { document: f.document, page: f.page }));
			await saveItems(items, (n) => (this.saved = n));
			this.phase = 'saved';
		} catch (error) {
			this.#app.handleError(error);
			this.error = (error as Error).message;
			this.phase = 'done';
		} finally {
			this.#app.inventoryChanged();
		}
	}
}
