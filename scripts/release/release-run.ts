/** What a release is asked to do, what it reports, and the state its stages share. */
import type { GateDecision, GatePolicy } from './gate.ts';
import type { ReleaseInfo } from './build-app.ts';
import type { Outcome } from './decision.ts';
import type { Deployment } from './deploy.ts';
import type { PublishReport } from './publish.ts';
import type { PublishTarget } from './publish-target.ts';
import { StageLog } from './stage-log.ts';
import type { FieldComparison } from './field-stage.ts';
import type { VerdictChanges } from './reference-inventory.ts';

export interface ReleaseOptions {
	modelsDir: string;
	/** Build folders, deployment state and logs: <workDir>/releases/<id>/build, <workDir>/deploy. */
	workDir: string;
	quick: boolean;
	/** Take this registered version instead of training one. */
	candidate?: string;
	train?: {
		seed?: number;
		rows?: number;
		epochs?: number;
		budgetSeconds?: number;
		dataFile?: string;
		regulation?: string;
		feedbackFile?: string;
	};
	/** Export the reviewed field labels from the database (DATABASE_URL) and train and gate with them (field-stage.ts). */
	feedback?: boolean;
	/** Fine-tune the champion when it fits (candidate.ts); default: with feedback. False: always from scratch. */
	warmStart?: boolean;
	/** Register as shadow challenger instead of promoting. */
	challenger: boolean;
	by: string;
	policy: GatePolicy;
	evalFile?: string;
	/** CSV whose descriptions the report re-classifies (reference-inventory.ts); default models/eval/realistic.csv. */
	referenceInventory?: string;
	targets: PublishTarget[];
	/** Skip build, publish, deploy and smoke (gate and registry only). */
	buildApp: boolean;
	/** Copy this earlier release build instead of running vite build (model-only release of the same app). */
	reuseBuild?: string;
	/** Port of the local deployment; null = no deploy (and no smoke). */
	port: number | null;
	smoke: boolean;
	smokeCredentials?: { username?: string; password?: string };
	/** Environment for the deployed server (DATABASE_URL ...). */
	serverEnv?: NodeJS.ProcessEnv;
	log: (line: string) => void;
}

export interface ReleaseResult {
	status: 'released' | 'rejected' | 'rolled-back' | 'failed';
	candidate: string | null;
	outcome: Outcome | null;
	gate: GateDecision | null;
	release: ReleaseInfo | null;
	published: PublishReport[];
	deployment: Deployment | null;
	/** Rows of the reference inventory whose verdict the candidate changes, both ways (null: no champion). */
	referenceInventory: VerdictChanges | null;
	error: string | null;
	stages: StageLog;
	/** Field-eval comparison (release --feedback). */
	field?: FieldComparison | null;
}

/** One release in progress: its options, the result so far and what a rollback needs. */
export interface ReleaseRun {
	options: ReleaseOptions;
	stages: StageLog;
	result: ReleaseResult;
	/** The registry was changed (champion or challenger): a later failure rolls back. */
	registryChanged: boolean;
	/** The challenger before this release, restored when a challenger release rolls back. */
	previousChallenger: string | null;
	/** Each target's release record before publishing, restored on rollback. */
	previousReleaseRecords: Map<PublishTarget, Uint8Array | null>;
}

export function startRun(options: ReleaseOptions): ReleaseRun {
	const stages = new StageLog(options.log);
	return {
		options,
		stages,
		result: {
			status: 'failed',
			candidate: null,
			outcome: null,
			gate: null,
			release: null,
			published: [],
			deployment: null,
			referenceInventory: null,
			error: null,
			stages
		},
		registryChanged: false,
		previousChallenger: null,
		previousReleaseRecords: new Map()
	};
}
