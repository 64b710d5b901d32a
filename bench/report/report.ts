/** The whole run as one JSON document (bench/results/latest.json). */
import type { AppBuild } from '../app/build-app.ts';
import type { AppReport } from '../app/run-app.ts';
import type { BrowserReport } from '../browser/run-browser.ts';
import type { SystemInfo } from '../lib/system-info.ts';
import type { NodeFeaturizerReport } from '../node/featurizer-node.ts';
import type { NodeModelReport } from '../node/model-node.ts';
import type { NodeDocumentsReport } from '../node/documents-node.ts';
import type { ServerReport } from '../server/run-server.ts';
import type { TrainingReport } from '../training/run-training.ts';
import type { MonitoringReport } from '../monitoring/run-monitoring.ts';
import type { ExplainFloodReport } from '../server/explain-flood-report.ts';

export type Section = 'node' | 'browser' | 'server' | 'app' | 'training' | 'monitoring' | 'explain';
export const SECTIONS: readonly Section[] = ['node', 'browser', 'server', 'app', 'training', 'monitoring', 'explain'];
/** Sections a run without --only leaves out (they take long; ask for them by name). */
export const ON_REQUEST: readonly Section[] = ['monitoring', 'explain'];

export interface TargetResult {
	id: string;
	what: string;
	goal: string;
	measured: string;
	/** null: not measured in this run. */
	met: boolean | null;
	/** What limits it (when missed or not measured). */
	note: string;
}

export interface BenchReport {
	schemaVersion: 1;
	mode: 'quick' | 'full';
	command: string;
	seconds: number;
	/** Wall time of each section. */
	sectionSeconds: Record<string, number>;
	system: SystemInfo;
	model: {
		version: string;
		source: 'champion' | 'tiny-fixture';
		architecture: string;
		onnxBytes: number;
		vocabularyBytes: number;
		parameters: number;
	};
	appBuild: AppBuild | null;
	targets: TargetResult[];
	node: { model: NodeModelReport; featurizer: NodeFeaturizerReport } | null;
	/** Document scanning in Node (absent in reports written before it existed). */
	documents?: NodeDocumentsReport | null;
	browser: BrowserReport | null;
	server: ServerReport | null;
	app: AppReport | null;
	training: TrainingReport | null;
	monitoring?: MonitoringReport | null;
	/** Explain cost limits under a flood (on request; absent in reports written before it existed). */
	explain?: ExplainFloodReport | null;
	/** Sections that failed or were skipped, and why. */
	problems: string[];
}
