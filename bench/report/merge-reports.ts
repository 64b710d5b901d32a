/**
 * Combines two committed bench reports when two people measured different sections at
 * the same time (two branches each wrote bench/results/latest.json):
 *   node bench/report/merge-reports.ts BASE.json OTHER.json SECTION... > latest.json
 * takes SECTION(s) from OTHER, everything else from BASE, re-judges the targets, writes
 * (`monitoring-ingest`: only the monitoring section's ingestion runs, e.g. measured on 1M
 * stored events next to summaries measured on 10M; the report says on how many)
 * bench/results/latest.{json,md}, and says in `problems` which run each section came from.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { judgeTargets } from './targets.ts';
import { renderMarkdown } from './markdown.ts';
import type { BenchReport, Section } from './report.ts';

/** The ingestion measurements of OTHER's monitoring section into BASE's, engine by engine. */
function mergeIngest(base: { monitoring?: BenchReport['monitoring'] }, other: BenchReport): void {
	if (!base.monitoring || !other.monitoring) throw new Error('monitoring-ingest needs a monitoring section in both reports');
	const results = base.monitoring.results.map((r) => {
		const o = other.monitoring!.results.find((x) => x.database === r.database);
		return o
			? {
					...r,
					ingest: o.ingest,
					ingestServerCpuPercent: o.ingestServerCpuPercent,
					ingestEvents: o.ingestEvents ?? o.events,
					ingestLoadAverage: o.ingestLoadAverage ?? other.system.loadAverageStart
				}
			: r;
	});
	base.monitoring = { ...base.monitoring, results };
}

const [baseFile, otherFile, ...sections] = process.argv.slice(2);
if (!baseFile || !otherFile || sections.length === 0) {
	console.error('usage: node bench/report/merge-reports.ts BASE.json OTHER.json SECTION...');
	process.exit(2);
}
const base = JSON.parse(readFileSync(baseFile, 'utf8')) as BenchReport;
const other = JSON.parse(readFileSync(otherFile, 'utf8')) as BenchReport;
const merged: Omit<BenchReport, 'targets'> & { targets?: unknown } = { ...base, problems: [...base.problems] };
for (const s of sections) {
	if (s === 'monitoring-ingest') mergeIngest(merged, other);
	else (merged as Record<string, unknown>)[s] = (other as unknown as Record<string, unknown>)[s];
}
merged.sectionSeconds = { ...base.sectionSeconds, ...other.sectionSeconds };
merged.problems.push(
	`Sections ${sections.join(', ')} come from the run of ${other.system.date.slice(0, 16).replace('T', ' ')} UTC (\`${other.command}\`, load average ${other.system.loadAverageStart.toFixed(1)}); the rest as stated above.`
);
delete merged.targets;
const report: BenchReport = { ...(merged as Omit<BenchReport, 'targets'>), targets: judgeTargets(merged as Omit<BenchReport, 'targets'>) };
const root = path.resolve(import.meta.dirname, '../..');
writeFileSync(path.join(root, 'bench/results/latest.json'), JSON.stringify(report, null, '\t') + '\n');
writeFileSync(path.join(root, 'bench/results/latest.md'), renderMarkdown(report));
console.log(`Wrote bench/results/latest.{json,md}: ${sections.join(', ')} from ${otherFile}, the rest from ${baseFile}.`);
