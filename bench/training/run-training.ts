/**
 * Training section: `npm run train` (the same CLI) into a throwaway models folder,
 * wall time per stage from its own stage log ("> stage" ... "stage done in"), and peak
 * resident memory per stage, sampled from /proc every 100 ms.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { RAW_DIR, ROOT } from '../lib/bundle.ts';

export interface StageReport {
	stage: string;
	seconds: number;
	/** Highest sampled resident set size while the stage ran, MB. */
	peakRssMb: number;
}

export interface TrainingReport {
	mode: 'quick' | 'full';
	command: string;
	exitCode: number | null;
	wallSeconds: number;
	peakRssMb: number;
	stages: StageReport[];
	/** Last lines of output when it failed. */
	error: string | null;
}

function rssMb(pid: number): number {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) / 1024 : 0;
	} catch {
		return 0;
	}
}

export async function benchTraining(mode: 'quick' | 'full', timeoutMs: number, log: (line: string) => void): Promise<TrainingReport> {
	const modelsDir = mkdtempSync(path.join(RAW_DIR, 'train-'));
	// The committed vocabulary, as `npm run train -- --quick` uses it in the repository.
	if (existsSync(path.join(ROOT, 'models/vocab')))
		cpSync(path.join(ROOT, 'models/vocab'), path.join(modelsDir, 'vocab'), { recursive: true });
	const args = [
		path.join(ROOT, 'training/src/cli/train.ts'),
		...(mode === 'quick' ? ['--quick'] : []),
		'--models-dir',
		modelsDir,
		'--no-register'
	];
	const command = `npm run train -- ${mode === 'quick' ? '--quick ' : ''}--models-dir <tmp> --no-register`;
	const started = performance.now();
	const child = spawn(process.execPath, args, {
		cwd: path.join(ROOT, 'training'),
		env: { ...process.env, INIT_CWD: ROOT },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const stages: StageReport[] = [];
	let current: { stage: string; peak: number } | null = null;
	let peak = 0;
	let tail = '';
	const sampler = setInterval(() => {
		const rss = rssMb(child.pid ?? 0);
		peak = Math.max(peak, rss);
		if (current) current.peak = Math.max(current.peak, rss);
	}, 100);
	let buffered = '';
	const onData = (d: Buffer) => {
		tail = (tail + d).slice(-3000);
		buffered += d;
		const lines = buffered.split('\n');
		buffered = lines.pop() ?? '';
		for (const line of lines) {
			const start = /^> (\S.*)$/.exec(line);
			if (start) current = { stage: start[1].trim(), peak: rssMb(child.pid ?? 0) };
			// formatSeconds (training/src/model/progress.ts): "12.3s" or "1m05s".
			const done = /^\s+(\S.*?) done in (?:(\d+)m)?([\d.]+)s/.exec(line);
			if (done && current && done[1] === current.stage) {
				const seconds = Number(done[2] ?? 0) * 60 + Number(done[3]);
				stages.push({ stage: current.stage, seconds, peakRssMb: current.peak });
				log(`  train ${current.stage}: ${seconds.toFixed(1)} s, peak ${current.peak.toFixed(0)} MB`);
				current = null;
			}
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', (d: Buffer) => (tail = (tail + d).slice(-3000)));
	const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	clearTimeout(killer);
	clearInterval(sampler);
	rmSync(modelsDir, { recursive: true, force: true });
	const wallSeconds = (performance.now() - started) / 1000;
	return {
		mode,
		command,
		exitCode,
		wallSeconds,
		peakRssMb: peak,
		stages,
		error: exitCode === 0 ? null : tail.split('\n').slice(-8).join('\n')
	};
}
