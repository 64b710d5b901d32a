/**
 * Re-scan of the local inventory when a new champion reaches this device (issue 16):
 * the worker classifies the saved descriptions in small background batches (interactive
 * classifying goes first, see inference/work-queue.ts); each batch's verdicts, changes
 * list and cursor are written in one IndexedDB transaction, so a reload resumes after the
 * last batch. A flipped model verdict is saved (and synced); a human label (override)
 * stays, and the item is listed when the new model disagrees with it. When the run ends,
 * one telemetry event carries its counts (no text).
 */
import type { InferenceApi } from '../inference/client.ts';
import type { TelemetryEventInput } from '../telemetry/event.ts';
import { rescanEvent, type EventSource } from '../telemetry/factory.ts';
import { getMeta, setMeta, type RescanRun } from '../storage/meta.ts';
import type { RescanVerdict } from '../storage/rescan-decision.ts';
import { applyRescanBatch, dropOtherRescans, inventoryAfter, inventoryTotal, rescanChanges } from '../storage/rescan-store.ts';
import type { RescanChange } from '../storage/schema.ts';

/** Descriptions per background batch: an interactive request waits for at most one batch. */
export const RESCAN_BATCH = 32;

export interface RescanHooks {
	api(): Promise<InferenceApi>;
	onTelemetry(events: TelemetryEventInput[]): void;
	source(): EventSource;
	onError(error: unknown): void;
	/** Items were re-labelled (the app refreshes counts and syncs soon). */
	changed(): void;
}

export class RescanState {
	#run = $state<RescanRun | null>(null);
	#changes = $state<RescanChange[]>([]);
	/** Bumped after every applied batch: lists that show items read them again. */
	#revision = $state(0);
	#looping: Promise<void> | null = null;
	#restored: Promise<void> | null = null;
	readonly #hooks: RescanHooks;

	constructor(hooks: RescanHooks) {
		this.#hooks = hooks;
	}

	get run(): RescanRun | null {
		return this.#run;
	}

	/** The changes list of the latest run (model verdicts that flipped, and disagreements with a human label). */
	get changes(): RescanChange[] {
		return this.#changes;
	}

	get revision(): number {
		return this.#revision;
	}

	get running(): boolean {
		return this.#run?.status === 'running';
	}

	/** Read the last run and its changes from IndexedDB (once). */
	restore(): Promise<void> {
		this.#restored ??= (async () => {
			this.#run = (await getMeta('rescanRun')) ?? null;
			if (this.#run) this.#changes = await rescanChanges(this.#run.model);
		})().catch((error) => this.#hooks.onError(error));
		return this.#restored;
	}

	/**
	 * The worker serves `version` (after a load or an update check). A version the inventory
	 * was not re-scanned with starts a run, unless it is the device's first model; a run
	 * interrupted by a reload continues.
	 */
	async modelServed(version: string, previous: string | null): Promise<void> {
		try {
			await this.restore();
			const run = this.#run;
			if (run?.model === version) {
				if (run.status === 'running') this.#loop();
				return;
			}
			if (previous === null || previous === version) return;
			await this.#begin(version, previous);
		} catch (error) {
			this.#hooks.onError(error);
		}
	}

	async #begin(model: string, previous: string): Promise<void> {
		const run: RescanRun = {
			model,
			previous,
			status: 'running',
			cursor: null,
			total: await inventoryTotal(),
			done: 0,
			toNonCompliant: 0,
			toCompliant: 0,
			disagreeWithHuman: 0,
			startedAt: new Date().toISOString(),
			finishedAt: null,
			reported: false
		};
		await setMeta('rescanRun', run);
		await dropOtherRescans(model);
		this.#run = run;
		this.#changes = [];
		this.#loop();
	}

	/** Stop after the current batch; what was applied stays, and resume() continues from there. */
	async cancel(): Promise<void> {
		const run = this.#run;
		if (!run || run.status !== 'running') return;
		this.#run = { ...run, status: 'cancelled' };
		await setMeta('rescanRun', $state.snapshot(this.#run) as RescanRun).catch((error) => this.#hooks.onError(error));
	}

	async resume(): Promise<void> {
		const run = (await getMeta('rescanRun')) ?? null;
		if (!run || run.status !== 'cancelled') return;
		this.#run = { ...run, status: 'running' };
		await setMeta('rescanRun', $state.snapshot(this.#run) as RescanRun);
		this.#loop();
	}

	#loop(): void {
		this.#looping ??= this.#work()
			.catch((error) => this.#hooks.onError(error))
			.finally(() => (this.#looping = null));
	}

	async #work(): Promise<void> {
		const api = await this.#hooks.api();
		let run = (await getMeta('rescanRun')) ?? null;
		while (run?.status === 'running') {
			const { items, next } = await inventoryAfter(run.cursor, RESCAN_BATCH);
			if (items.length === 0 && next === null) {
				run = await this.#finish(run);
				break;
			}
			const verdicts = await api.classifyBackground(items.map((i) => i.description));
			// The champion changed again meanwhile: the run for the newer one takes over.
			if (verdicts.some((v) => v !== null && v.model !== run!.model)) return;
			const batch: RescanVerdict[] = [];
			verdicts.forEach((v, i) => {
				if (v) batch.push({ id: items[i].id, description: items[i].description, ...v });
			});
			const before = run.toCompliant + run.toNonCompliant + run.disagreeWithHuman;
			run = await applyRescanBatch(run, batch, next);
			this.#run = run;
			this.#revision++;
			if (run.toCompliant + run.toNonCompliant + run.disagreeWithHuman !== before) {
				this.#changes = await rescanChanges(run.model);
				this.#hooks.changed();
			}
		}
	}

	async #finish(run: RescanRun): Promise<RescanRun> {
		const done: RescanRun = { ...run, status: 'done', done: run.total, finishedAt: new Date().toISOString(), reported: true };
		await setMeta('rescanRun', done);
		this.#run = done;
		this.#changes = await rescanChanges(done.model);
		if (!run.reported) {
			const durationMs = Date.parse(done.finishedAt!) - Date.parse(done.startedAt);
			this.#hooks.onTelemetry([
				rescanEvent(this.#hooks.source(), {
					modelVersion: done.model,
					previousModelVersion: done.previous,
					total: done.total,
					toNonCompliant: done.toNonCompliant,
					toCompliant: done.toCompliant,
					disagreeWithHuman: done.disagreeWithHuman,
					durationMs
				})
			]);
		}
		return done;
	}
}
