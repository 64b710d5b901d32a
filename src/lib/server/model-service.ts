/**
 * The server's models: the registry's champion (serves /api/classify) and, when the
 * registry names one, the challenger (runs in shadow for telemetry agreement).
 *
 * Each is loaded at start and replaced when registry.json changes: the new version is
 * loaded, integrity-checked and self-tested in full (loadNodeClassifier) before one
 * assignment swaps the reference. A request takes the reference once and finishes on
 * that classifier, so a switch never interrupts it. A failed load keeps the old model,
 * is logged, reported once as a `model-error` telemetry event (onModelError) and retried
 * with backoff (the registry may name a bundle that is still being copied). Every load
 * checks the signature and checksums again; when the champion is refused and nothing
 * serves yet (a restart), the most recent earlier champion that passes serves instead.
 *
 * Polls the registry's mtime and size rather than fs.watch: releases replace the file
 * by rename, which ends a watch on the old inode, and polling also works on network
 * and container volumes. A poll is one stat() call.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Classifier } from '../inference/classifier.ts';
import { InferenceError } from '../inference/errors.ts';
import { loadNodeClassifier } from '../inference/load-node.ts';
import type { Registry } from '../bundle/registry.ts';
import { config } from './config.ts';
import { readRegistry, REGISTRY_FILE } from '../registry/registry.ts';

export type ModelRole = 'champion' | 'challenger';

export interface ModelServiceOptions {
	modelsDir: string;
	/** Milliseconds between registry checks. Default 2000. */
	pollMs?: number;
	/** onnxruntime intra-op threads per model. Default 1: requests already run side by side. */
	threads?: number;
	/** First retry delay after a failed load, doubled each time up to 5 minutes. Default 5000. */
	retryMs?: number;
	/** Load the challenger for shadow predictions. Default true. */
	shadow?: boolean;
	/** Replaceable for tests. */
	load?: typeof loadNodeClassifier;
	log?: (line: string) => void;
	/** Called once per refused version and error code (server telemetry: a model-error event). */
	onModelError?: (failure: ModelFailure) => void;
}

export interface ModelFailure {
	role: ModelRole;
	version: string | null;
	code: string;
	/** Time until the load failed. */
	latencyMs: number;
}

export interface ModelSlotStatus {
	/** Version serving now, or null. */
	active: string | null;
	/** Version the registry names, when known. */
	wanted: string | null;
	loadedAt: string | null;
	/** Why `wanted` is not active (code and message), or null. */
	error: { code: string; message: string } | null;
}

export interface ModelServiceStatus {
	ready: boolean;
	champion: ModelSlotStatus;
	challenger: ModelSlotStatus;
	checkedAt: string | null;
}

interface Slot {
	classifier: Classifier | null;
	wanted: string | null;
	loadedAt: Date | null;
	error: { code: string; message: string } | null;
	failures: number;
	retryAt: number;
}

const MAX_RETRY_MS = 5 * 60_000;

function emptySlot(): Slot {
	return { classifier: null, wanted: null, loadedAt: null, error: null, failures: 0, retryAt: 0 };
}

function describe(err: unknown): { code: string; message: string } {
	const code = (err as { code?: unknown }).code;
	return { code: typeof code === 'string' ? code : 'MODEL_LOAD', message: (err as Error).message ?? String(err) };
}

export class ModelService {
	readonly modelsDir: string;
	readonly #options: Required<Omit<ModelServiceOptions, 'modelsDir'>>;
	readonly #slots: Record<ModelRole, Slot> = { champion: emptySlot(), challenger: emptySlot() };
	#seen = '';
	#checkedAt: Date | null = null;
	#running: Promise<void> | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;

	constructor(options: ModelServiceOptions) {
		this.modelsDir = path.resolve(options.modelsDir);
		this.#options = {
			pollMs: options.pollMs ?? 2000,
			threads: options.threads ?? 1,
			retryMs: options.retryMs ?? 5000,
			shadow: options.shadow ?? true,
			load: options.load ?? loadNodeClassifier,
			log: options.log ?? ((line) => console.log(line)),
			onModelError: options.onModelError ?? (() => {})
		};
	}

	/** Load the models now, then keep checking the registry. Resolves after the first check, loaded or not. */
	async start(): Promise<void> {
		if (!this.#timer) {
			this.#timer = setInterval(() => void this.check(), this.#options.pollMs);
			// The poll alone must not keep a process (a CLI, a test) alive.
			this.#timer.unref?.();
		}
		await this.check();
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	/** onnxruntime threads per model (reported in telemetry). */
	get threads(): number {
		return this.#options.threads;
	}

	get ready(): boolean {
		return this.#slots.champion.classifier !== null;
	}

	/** The champion to use for one request (take it once per request). Throws NOT_READY before the first load. */
	get champion(): Classifier {
		const c = this.#slots.champion.classifier;
		if (!c) {
			const why = this.#slots.champion.error ? ` Last error: ${this.#slots.champion.error.message}` : '';
			throw new InferenceError('NOT_READY', `No model is loaded yet; retry in a few seconds.${why}`);
		}
		return c;
	}

	/** The challenger for shadow predictions, or null when there is none (or it failed to load). */
	get challenger(): Classifier | null {
		return this.#options.shadow ? this.#slots.challenger.classifier : null;
	}

	status(): ModelServiceStatus {
		const view = (s: Slot): ModelSlotStatus => ({
			active: s.classifier?.version ?? null,
			wanted: s.wanted,
			loadedAt: s.loadedAt?.toISOString() ?? null,
			error: s.error
		});
		return {
			ready: this.ready,
			champion: view(this.#slots.champion),
			challenger: view(this.#slots.challenger),
			checkedAt: this.#checkedAt?.toISOString() ?? null
		};
	}

	/** One registry check; concurrent callers share the check in progress. */
	check(): Promise<void> {
		this.#running ??= this.#check().finally(() => {
			this.#running = null;
		});
		return this.#running;
	}

	async #check(): Promise<void> {
		let stamp = 'unreadable';
		try {
			const s = await stat(path.join(this.modelsDir, REGISTRY_FILE));
			stamp = `${s.mtimeMs}:${s.size}:${s.ino}`;
		} catch {
			// Reported by readRegistry below, with the reason.
		}
		const now = Date.now();
		this.#checkedAt = new Date(now);
		const due = (['champion', 'challenger'] as const).some((r) => this.#slots[r].error && now >= this.#slots[r].retryAt);
		if (stamp === this.#seen && !due) return;
		this.#seen = stamp;
		let registry: Registry;
		try {
			registry = await readRegistry({ modelsDir: this.modelsDir });
		} catch (err) {
			return this.#fail('champion', this.#slots.champion.wanted, err);
		}
		const champion = registry.aliases.champion;
		if (champion) {
			await this.#refresh('champion', champion, now);
			if (!this.#slots.champion.classifier) await this.#fallBack(registry, champion);
		} else
			this.#fail(
				'champion',
				null,
				new InferenceError(
					'MODEL_LOAD',
					`The registry in ${this.modelsDir} has no champion. Train and promote one (npm run train, npm run models).`
				)
			);
		if (this.#options.shadow) await this.#refresh('challenger', registry.aliases.challenger, now);
	}

	async #refresh(role: ModelRole, wanted: string | null, now: number): Promise<void> {
		const slot = this.#slots[role];
		if (wanted === null) {
			// Only the challenger can be absent: no challenger means no shadow predictions.
			if (slot.classifier) this.#options.log(`models: ${role} ${slot.classifier.version} removed from the registry`);
			Object.assign(slot, emptySlot());
			return;
		}
		if (slot.classifier?.version === wanted) {
			Object.assign(slot, { wanted, error: null, failures: 0, retryAt: 0 });
			return;
		}
		// The same failed version again: only after its backoff.
		if (slot.wanted === wanted && slot.error && now < slot.retryAt) return;
		// Another version than the one that failed: its own first attempt (backoff and report).
		if (slot.wanted !== wanted) Object.assign(slot, { error: null, failures: 0 });
		slot.wanted = wanted;
		const startedAt = performance.now();
		try {
			const loaded = await this.#options.load({ modelsDir: this.modelsDir, version: wanted, threads: this.#options.threads });
			const previous = slot.classifier?.version;
			// The swap: requests that already took the old classifier keep it until they finish.
			Object.assign(slot, { classifier: loaded, loadedAt: new Date(), error: null, failures: 0, retryAt: 0 });
			this.#options.log(
				previous ? `models: ${role} switched from ${previous} to ${wanted}` : `models: ${role} ${wanted} loaded and self-tested`
			);
		} catch (err) {
			this.#fail(role, wanted, err, performance.now() - startedAt);
		}
	}

	/**
	 * Nothing serves and the champion was refused: serve the most recent earlier champion
	 * that loads (signature, checksums, self-test), so a bad bundle is not an outage. The
	 * refused version stays `wanted` with its error and is retried after its backoff.
	 */
	async #fallBack(registry: Registry, refused: string): Promise<void> {
		const earlier: string[] = [];
		for (const e of [...registry.history].reverse()) {
			if (e.action !== 'promote' && e.action !== 'rollback') continue;
			for (const v of [e.version, e.previousChampion]) if (v && v !== refused && !earlier.includes(v)) earlier.push(v);
		}
		const usable = earlier.filter((v) => registry.versions.some((entry) => entry.version === v && entry.status !== 'rejected'));
		for (const version of usable.slice(0, 3)) {
			try {
				const loaded = await this.#options.load({ modelsDir: this.modelsDir, version, threads: this.#options.threads });
				Object.assign(this.#slots.champion, { classifier: loaded, loadedAt: new Date() });
				this.#options.log(`models: champion ${refused} refused; serving the last good champion ${version} until it is fixed`);
				return;
			} catch (err) {
				this.#options.log(`models: earlier champion ${version} cannot serve either: ${describe(err).message}`);
			}
		}
	}

	#fail(role: ModelRole, wanted: string | null, err: unknown, latencyMs = 0): void {
		const slot = this.#slots[role];
		const delay = Math.min(MAX_RETRY_MS, this.#options.retryMs * 2 ** slot.failures);
		const error = describe(err);
		const repeated = slot.error?.code === error.code && slot.wanted === wanted;
		Object.assign(slot, { wanted, error, failures: slot.failures + 1, retryAt: Date.now() + delay });
		if (!repeated) this.#options.onModelError({ role, version: wanted, code: error.code, latencyMs });
		const keeping = slot.classifier ? `; still serving ${slot.classifier.version}` : '; no model to serve yet';
		const refused = error.code === 'BUNDLE_SIGNATURE' || error.code === 'BUNDLE_INTEGRITY' ? 'REFUSED ' : '';
		this.#options.log(
			`models: ${refused}cannot load ${role}${wanted ? ` ${wanted}` : ''}${keeping}; retrying in ${Math.round(delay / 1000)} s: ${slot.error!.message}`
		);
	}
}

let instance: ModelService | undefined;

/**
 * The process-wide service, started on first use (the models folder and the trusted
 * signing keys come from the server configuration). Requests before the first load get
 * NOT_READY. `onModelError`: set by the first caller (hooks.server.ts stores telemetry).
 */
export function modelService(options: Pick<ModelServiceOptions, 'onModelError' | 'log'> = {}): ModelService {
	if (!instance) {
		const { modelsDir, trust } = config();
		if (trust.trustsDevelopmentKey)
			console.warn(
				'models: trusting the DEVELOPMENT signing key (TRUSTED_MODEL_KEYS is not "production" and NODE_ENV is not production); never run production like this.'
			);
		instance = new ModelService({
			modelsDir,
			load: (o) => loadNodeClassifier({ ...o, trustedKeys: trust.keys }),
			onModelError: options.onModelError,
			log: options.log
		});
		void instance.start();
	}
	return instance;
}
