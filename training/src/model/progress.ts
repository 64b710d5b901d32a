/**
 * Training progress output. On a TTY the batch progress of the current epoch is one
 * line updated in place; otherwise (CI, logs, pipes) plain lines, batch progress at
 * most every `plainEverySeconds`.
 */

export interface EpochLog {
	epoch: number;
	epochs: number;
	loss: number;
	accuracy: number;
	valLoss: number;
	valAccuracy: number;
	seconds: number;
	etaSeconds: number;
	improved: boolean;
}

export interface ProgressSink {
	batch(model: string, epoch: number, epochs: number, done: number, total: number, loss: number, elapsedSeconds: number): void;
	epoch(model: string, log: EpochLog): void;
	line(text: string): void;
}

export function formatSeconds(s: number): string {
	if (!Number.isFinite(s)) return '?';
	if (s < 60) return `${s.toFixed(1)}s`;
	return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

export function consoleProgress(stream: NodeJS.WriteStream = process.stderr, plainEverySeconds = 15): ProgressSink {
	const tty = Boolean(stream.isTTY);
	let lastPlain = 0;
	let open = false;
	const clear = () => {
		if (open) stream.write('\r\x1b[2K');
		open = false;
	};
	return {
		batch(model, epoch, epochs, done, total, loss, elapsed) {
			const eta = done > 0 ? (elapsed / done) * (total - done) : NaN;
			const text = `  [${model}] epoch ${epoch}/${epochs} batch ${done}/${total} loss ${loss.toFixed(4)} ${formatSeconds(elapsed)} eta ${formatSeconds(eta)}`;
			if (tty) {
				stream.write(`\r\x1b[2K${text}`);
				open = true;
			} else if (elapsed - lastPlain >= plainEverySeconds || done === 1) {
				lastPlain = elapsed;
				stream.write(`${text}\n`);
			}
		},
		epoch(model, log) {
			clear();
			lastPlain = 0;
			stream.write(
				`  [${model}] epoch ${log.epoch}/${log.epochs} loss ${log.loss.toFixed(4)} acc ${(100 * log.accuracy).toFixed(2)}%` +
					` | val loss ${log.valLoss.toFixed(4)} acc ${(100 * log.valAccuracy).toFixed(3)}%${log.improved ? ' *' : ''}` +
					` | ${formatSeconds(log.seconds)} eta ${formatSeconds(log.etaSeconds)}\n`
			);
		},
		line(text) {
			clear();
			stream.write(`${text}\n`);
		}
	};
}

export const silentProgress: ProgressSink = { batch() {}, epoch() {}, line() {} };
