/** The release stage that reports how the candidate changes a reference inventory (reference-inventory.ts). */
import type { Candidate } from './candidate.ts';
import { compareOnReferenceInventory, type VerdictChanges } from './reference-inventory.ts';
import type { ReleaseRun } from './release-run.ts';

export async function referenceStage(
	{ options, stages }: ReleaseRun,
	candidate: Candidate,
	champion: string | null
): Promise<VerdictChanges | null> {
	if (!champion || champion === candidate.version) {
		stages.mark('reference inventory', 'skipped', 'no champion to compare with');
		return null;
	}
	const changes = await stages.run(
		'reference inventory',
		() => compareOnReferenceInventory(options.modelsDir, champion, candidate.version, options.referenceInventory),
		(c) =>
			`${c.rows} rows of ${c.file}: ${c.toNonCompliant} now non-compliant, ${c.toCompliant} now compliant (${candidate.version} vs champion ${champion})`
	);
	for (const e of changes.examples)
		options.log(`    ${e.from === 1 ? 'non-compliant -> compliant' : 'compliant -> non-compliant'}: ${e.text.slice(0, 100)}`);
	return changes;
}
