/** What the explain-flood section reports (`explain` in bench/results/latest.json), and its markdown. */

export interface Latencies {
	requests: number;
	p50: number | null;
	p99: number | null;
}

export interface ExplainFloodReport {
	date: string;
	load: number;
	seconds: number;
	neighbourAlone: { plain: Latencies; explain: Latencies };
	neighbourUnderFlood: { plain: Latencies; explain: Latencies };
	flood: { ok: number; refused429: number; other: number };
}

/** The section in bench/results/latest.md. */
export function explainFloodMarkdown(
	r: ExplainFloodReport | null | undefined,
	table: (header: string[], rows: string[][]) => string
): string[] {
	if (!r) return [];
	const ms = (l: Latencies) => `${l.p50 ?? 'n/a'} / ${l.p99 ?? 'n/a'} ms (${l.requests})`;
	return [
		'## Explain limits under a flood',
		'',
		`One API key keeps 3 connections of \`POST /api/classify?explain=1\` with 100 descriptions of 2,000 characters busy; another key sends one description at a time, ${r.seconds / 2} s plain and ${r.seconds / 2} s explained, alone and then under the flood (load average ${r.load.toFixed(1)}).`,
		'',
		table(
			["other key's request", 'alone p50 / p99 (requests)', 'under the flood p50 / p99 (requests)'],
			[
				['classify', ms(r.neighbourAlone.plain), ms(r.neighbourUnderFlood.plain)],
				['classify?explain=1', ms(r.neighbourAlone.explain), ms(r.neighbourUnderFlood.explain)]
			]
		),
		'',
		`The flooding key got ${r.flood.ok} of its requests through; ${r.flood.refused429} were answered 429 and ${r.flood.other} otherwise.`,
		''
	];
}
