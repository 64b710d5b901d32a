/** The engine's load phase and download progress, passed to the page as they change. */
import type { LoadPhase, LoadProgress, ProgressCallback } from './protocol.ts';

/** Reports one step of a load: phase, version and (while downloading) bytes so far. */
export type ReportProgress = (phase: LoadPhase, version: string | null, loadedBytes?: number, totalBytes?: number) => void;

export class LoadTracker {
	#progress: LoadProgress = { phase: 'idle', version: null, loadedBytes: 0, totalBytes: 0, percent: 0 };

	get phase(): LoadPhase {
		return this.#progress.phase;
	}

	get progress(): LoadProgress {
		return this.#progress;
	}

	/** A reporter for one load call: records each step and passes it to the page's listener. */
	reporter(onProgress?: ProgressCallback): ReportProgress {
		return (phase, version, loadedBytes = 0, totalBytes = 0) => {
			const percent = totalBytes > 0 ? Math.min(100, Math.floor((loadedBytes / totalBytes) * 100)) : phase === 'ready' ? 100 : 0;
			this.#progress = { phase, version, loadedBytes, totalBytes, percent };
			try {
				onProgress?.(this.#progress);
			} catch {
				// A progress listener's failure is the page's problem, not the load's.
			}
		};
	}
}
