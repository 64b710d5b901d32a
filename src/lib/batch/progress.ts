/**
 * Progress on stderr: a bar on a terminal, a plain line every few seconds otherwise
 * (logs, CI). The row count of a CSV is unknown until the end, so the fraction done
 * and the ETA come from bytes read out of the input's size.
 */
import cliProgress from 'cli-progress';

export interface Progress {
	update(rows: number, bytes: number): void;
	stop(): void;
}

export interface ProgressOptions {
	/** Input size in bytes, or undefined when unknown (stdin). */
	totalBytes: number | undefined;
	stream?: NodeJS.WriteStream;
	/** Seconds between plain lines when not on a terminal. Default 5. */
	interval?: number;
	/** Draw a bar; default: when `stream` is a TTY. */
	tty?: boolean;
	now?: () => number;
}

export function formatSeconds(seconds: number): string {
	if (!Number.isFinite(seconds)) return '?';
	if (seconds < 60) return `${Math.round(seconds)}s`;
	const m = Math.floor(seconds / 60);
	if (m < 60) return `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
	return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function createProgress(options: ProgressOptions): Progress {
	const stream = options.stream ?? process.stderr;
	const now = options.now ?? (() => performance.now());
	const started = now();
	const total = options.totalBytes && options.totalBytes > 0 ? options.totalBytes : undefined;
	const stats = (rows: number, bytes: number) => {
		const seconds = (now() - started) / 1000;
		const rate = seconds > 0 ? rows / seconds : 0;
		const fraction = total ? Math.min(1, bytes / total) : undefined;
		const eta = fraction && fraction > 0 ? (seconds / fraction) * (1 - fraction) : Infinity;
		return { rate: Math.round(rate), fraction, eta: formatSeconds(eta) };
	};

	if (options.tty ?? stream.isTTY === true) {
		const bar = new cliProgress.SingleBar(
			{
				stream,
				format: total
					? 'Classifying |{bar}| {percentage}% | {rows} rows | {rate} rows/s | ETA {etaText}'
					: 'Classifying | {rows} rows | {rate} rows/s',
				hideCursor: true,
				fps: 5
			},
			cliProgress.Presets.shades_classic
		);
		bar.start(total ?? 1, 0, { rows: 0, rate: 0, etaText: '?' });
		return {
			update(rows, bytes) {
				const s = stats(rows, bytes);
				bar.update(total ? Math.min(bytes, total) : 0, { rows, rate: s.rate, etaText: s.eta });
			},
			stop() {
				bar.stop();
			}
		};
	}

	const every = (options.interval ?? 5) * 1000;
	let last = started;
	return {
		update(rows, bytes) {
			if (now() - last < every) return;
			last = now();
			const s = stats(rows, bytes);
			const pct = s.fraction === undefined ? '' : ` (${Math.floor(s.fraction * 100)}%)`;
			const eta = s.fraction === undefined ? '' : `, ETA ${s.eta}`;
			stream.write(`classify: ${rows} rows${pct}, ${s.rate} rows/s${eta}\n`);
		},
		stop() {}
	};
}
