/** The machine and software a run measured, for the report header. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './bundle.ts';

export interface SystemInfo {
	date: string;
	cpu: string;
	cores: number;
	memoryGb: number;
	os: string;
	/** 1-minute load average when the run started and ended (the machine is shared). */
	loadAverageStart: number;
	loadAverageEnd: number | null;
	versions: {
		node: string;
		onnxruntimeNode: string;
		onnxruntimeWeb: string;
		tfjs: string;
		tfjsBackendWasm: string;
		chromium: string;
		autocannon: string;
		postgres: string | null;
	};
}

function packageVersion(name: string): string {
	try {
		return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
	} catch {
		return 'not installed';
	}
}

function command(file: string, args: string[]): string | null {
	try {
		return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return null;
	}
}

export function systemInfo(postgresBin: string | null): SystemInfo {
	const chromium = command('/usr/bin/chromium', ['--version'])?.match(/Chromium ([\d.]+)/)?.[1] ?? 'not installed';
	return {
		date: new Date().toISOString(),
		cpu: os.cpus()[0]?.model ?? 'unknown',
		cores: os.availableParallelism(),
		memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		loadAverageStart: os.loadavg()[0],
		loadAverageEnd: null,
		versions: {
			node: process.versions.node,
			onnxruntimeNode: packageVersion('onnxruntime-node'),
			onnxruntimeWeb: packageVersion('onnxruntime-web'),
			tfjs: packageVersion('@tensorflow/tfjs'),
			tfjsBackendWasm: packageVersion('@tensorflow/tfjs-backend-wasm'),
			chromium,
			autocannon: packageVersion('autocannon'),
			postgres: postgresBin
				? (command(path.join(postgresBin, 'postgres'), ['--version'])?.replace(/^postgres \(PostgreSQL\) /, '') ?? null)
				: null
		}
	};
}
