/**
 * Bundle loading: a version's signed manifest (checked against the keys pinned in the
 * app build, at every load: from the network and from the store), its files from the
 * bundle store or the network, verified against the manifest (size + sha256,
 * bundle-fetch.ts), started and self-tested (backend-choice.ts), and written to the
 * store only when all of that passed.
 */
import { verifyManifestSignature, type TrustedKeys } from '../bundle/signature.ts';
import { Vocabulary } from '../text/vocabulary.ts';
import { assertSupported, type Classifier } from './classifier.ts';
import { InferenceError } from './errors.ts';
import type { BackendChoice } from './backend-choice.ts';
import type { BundleStore } from './bundle-store.ts';
import { downloadFiles, ensureRoom, fetchManifest, type SignedManifest, type VersionPointer } from './bundle-fetch.ts';
import type { ReportProgress } from './load-progress.ts';
import { markLoad } from './load-marks.ts';

export interface Loaded {
	classifier: Classifier;
	/** Bytes fetched from the network for this version (0 when all came from the store). */
	downloadedBytes: number;
}

export interface StartedFromStore {
	classifier: Classifier;
	/** The version kept for rollback behind it (null when the previous version itself started). */
	previous: string | null;
}

export class BundleLoader {
	readonly #modelsBase: string;
	readonly #store: BundleStore;
	readonly #backends: BackendChoice;
	readonly #trusted: TrustedKeys;
	readonly #vocabularies = new Map<string, Promise<Vocabulary>>();
	/** Stored files read ahead by content hash (readAhead), taken by the next fromManifest. */
	#ahead: Promise<Map<string, Promise<Uint8Array | null>>> | null = null;
	#persisted: boolean | null = null;

	constructor(modelsBase: string, store: BundleStore, backends: BackendChoice, trusted: TrustedKeys) {
		this.#modelsBase = modelsBase;
		this.#trusted = trusted;
		this.#store = store;
		this.#backends = backends;
	}

	get modelsBase(): string {
		return this.#modelsBase;
	}

	/** Whether the browser granted persistent storage when asked before the last download; null if never asked. */
	get persisted(): boolean | null {
		return this.#persisted;
	}

	/**
	 * Cold start: while the network says which version serves, read the stored active
	 * version's files (hashes re-checked) and decode its vocabulary, with its typo index.
	 * The usual reload names the same version, whose files are then ready; anything else
	 * only cost a read. Never throws; nothing read here is used before fromManifest has
	 * verified the manifest that lists it.
	 */
	readAhead(): void {
		this.#ahead = (async () => {
			const ahead = new Map<string, Promise<Uint8Array | null>>();
			const state = await this.#store.getState().catch(() => null);
			const stored = state?.active ? await this.#store.getManifest(state.active).catch(() => null) : null;
			if (!stored) return ahead;
			const { model, vocabulary } = stored.manifest.files;
			for (const f of [model, vocabulary])
				ahead.set(
					f.sha256,
					this.#store.getFile(f.sha256).catch(() => null)
				);
			const vocabBytes = await ahead.get(vocabulary.sha256);
			if (vocabBytes) {
				const decoded = await this.#vocabulary(vocabulary.sha256, vocabBytes).catch(() => null);
				decoded?.prepareTypoIndex();
			}
			return ahead;
		})();
	}

	/** The version a pointer names: its manifest from the network, files from the store where stored. */
	async fromPointer(pointer: VersionPointer, report: ReportProgress): Promise<Loaded> {
		report('checking', pointer.version);
		const signed = await fetchManifest(this.#modelsBase, pointer, this.#trusted);
		return this.fromManifest(signed, report, true);
	}

	/**
	 * No network: the stored active version or, failing that, the previous one. Each
	 * version that fails to start is passed to `onFailure`; null when none started.
	 */
	async fromStore(report: ReportProgress, onFailure: (version: string, error: unknown) => void): Promise<StartedFromStore | null> {
		const state = await this.#store.getState().catch(() => null);
		for (const version of [state?.active, state?.previous]) {
			if (!version) continue;
			try {
				const stored = await this.#store.getManifest(version);
				if (!stored) continue;
				const { classifier } = await this.fromManifest(stored, report, false);
				return { classifier, previous: version === state?.active ? (state?.previous ?? null) : null };
			} catch (error) {
				onFailure(version, error);
			}
		}
		return null;
	}

	/** Signature -> files from the store or the network -> verified -> session -> self-test; stored only when all passed. */
	async fromManifest(signed: SignedManifest, report: ReportProgress, allowNetwork: boolean): Promise<Loaded> {
		const { manifest } = signed;
		await verifyManifestSignature(signed.json, signed.signature, this.#trusted, manifest.version);
		assertSupported(manifest);
		markLoad('signature');
		const files = [manifest.files.model, manifest.files.vocabulary];
		const ahead = (await this.#ahead) ?? new Map<string, Promise<Uint8Array | null>>();
		this.#ahead = null;
		// Read ahead files were re-hashed against the stored manifest's sha256, which this verified manifest names too.
		const bytes = await Promise.all(files.map((f) => ahead.get(f.sha256) ?? this.#store.getFile(f.sha256)));
		const missing = files.filter((_, i) => bytes[i] === null);
		markLoad('stored-files');
		let downloadedBytes = 0;
		if (missing.length > 0) {
			if (!allowNetwork)
				throw new InferenceError(
					'MODEL_LOAD',
					`Model ${manifest.version} is not fully stored on this device; connect to the network once to download it.`
				);
			const needed = missing.reduce((n, f) => n + f.bytes, 0);
			this.#persisted = (await ensureRoom(needed)).persisted;
			const fetched = await downloadFiles(this.#modelsBase, missing, ({ loadedBytes, totalBytes }) =>
				report('downloading', manifest.version, loadedBytes, totalBytes)
			);
			missing.forEach((f, i) => (bytes[files.indexOf(f)] = fetched[i]));
			downloadedBytes = needed;
		}
		report('starting', manifest.version);
		const [modelBytes, vocabBytes] = bytes as [Uint8Array, Uint8Array];
		const vocabulary = await this.#vocabulary(manifest.files.vocabulary.sha256, vocabBytes);
		markLoad('vocabulary');
		const classifier = await this.#backends.start(manifest, modelBytes, vocabulary);
		// Verified and self-tested: now, and only now, keep it.
		for (const f of missing) await this.#store.putFile(f.sha256, bytes[files.indexOf(f)] as Uint8Array);
		// From the store (offline start), or a reload of the version already stored, the manifest
		// is the stored one: nothing to write before serving.
		if (allowNetwork && !(missing.length === 0 && (await this.#storedAlready(signed)))) await this.#store.putManifest(signed);
		markLoad('kept');
		return { classifier, downloadedBytes };
	}

	/** The store holds this manifest with this signature already (the usual online reload). */
	async #storedAlready(signed: SignedManifest): Promise<boolean> {
		const stored = await this.#store.getManifest(signed.manifest.version).catch(() => null);
		return !!stored && JSON.stringify([stored.json, stored.signature]) === JSON.stringify([signed.json, signed.signature]);
	}

	/** Decoded once per content hash: two versions sharing a vocabulary share the decoded copy. */
	#vocabulary(sha256: string, bytes: Uint8Array): Promise<Vocabulary> {
		let pending = this.#vocabularies.get(sha256);
		if (!pending) {
			pending = Promise.resolve().then(() => {
				try {
					return Vocabulary.decode(bytes);
				} catch (cause) {
					throw new InferenceError('UNSUPPORTED_BUNDLE', `The vocabulary file cannot be read: ${(cause as Error).message}`, { cause });
				}
			});
			pending.catch(() => this.#vocabularies.delete(sha256));
			this.#vocabularies.set(sha256, pending);
		}
		return pending;
	}
}
