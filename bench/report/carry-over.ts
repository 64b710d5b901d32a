/**
 * A full run of some sections only (`--only monitoring`) keeps the other sections of the
 * committed bench/results/latest.json, so one section can be re-measured without
 * re-running (or losing) the rest. The report says which sections were carried over.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { BenchReport, Section } from './report.ts';

const CARRIED: readonly Section[] = ['node', 'browser', 'server', 'app', 'training', 'monitoring', 'explain'];

export function carryOver(
	report: Omit<BenchReport, 'targets'>,
	ran: ReadonlySet<Section>,
	previousFile: string
): Omit<BenchReport, 'targets'> {
	if (!existsSync(previousFile)) return report;
	const previous = JSON.parse(readFileSync(previousFile, 'utf8')) as BenchReport;
	const merged = { ...report, problems: [...report.problems] };
	const carried: Section[] = [];
	for (const section of CARRIED) {
		if (ran.has(section) || !previous[section]) continue;
		(merged as Record<Section, unknown>)[section] = previous[section];
		carried.push(section);
	}
	if (carried.length) {
		if (!ran.has('server') && !ran.has('app')) merged.appBuild ??= previous.appBuild;
		merged.sectionSeconds = { ...previous.sectionSeconds, ...report.sectionSeconds };
		merged.problems.push(
			`Sections ${carried.join(', ')} carried over unchanged from the run of ${previous.system.date.slice(0, 16).replace('T', ' ')} UTC (\`${previous.command}\`, load average ${previous.system.loadAverageStart.toFixed(1)}).`
		);
	}
	return merged;
}
