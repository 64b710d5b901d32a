/** Targets kept next to their sections' code (monitoring, cold start to model ready), judged with the rest. */
import { modelReadyTarget } from '../app/cold-start.ts';
import { monitoringTargets } from '../monitoring/targets.ts';
import type { BenchReport, TargetResult } from './report.ts';

export function sectionTargets(report: Omit<BenchReport, 'targets'>): TargetResult[] {
	const app = report.app;
	return [
		modelReadyTarget(app?.modelReady, report.system.loadAverageStart, report.system.cores, app ? (app.modelReadyError ?? null) : null),
		...monitoringTargets(report)
	];
}
