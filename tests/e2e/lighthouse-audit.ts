/**
 * Lighthouse (accessibility and best practices only) on one page of the running test
 * server, in a Chromium that Lighthouse reaches over its remote-debugging port, signed in
 * through a session cookie sent with every request.
 */
import lighthouse, { desktopConfig, type Config, type Flags } from 'lighthouse';

export type FormFactor = 'mobile' | 'desktop';

export interface LighthouseScores {
	/** 0-100, as Lighthouse shows them. */
	accessibility: number;
	bestPractices: number;
	/** Audits that cost points ("category id: title (score)"), for the failure message. */
	findings: string[];
}

const CATEGORIES = ['accessibility', 'best-practices'];

// These categories do not measure speed: Lighthouse's long quiet windows (5 s each with
// observed throttling) only make the run slow. "simulate" leaves the page load alone and
// keeps these short windows.
const QUICK = {
	throttlingMethod: 'simulate',
	pauseAfterFcpMs: 0,
	pauseAfterLoadMs: 250,
	networkQuietThresholdMs: 500,
	cpuQuietThresholdMs: 500
} as const;

const CONFIGS: Record<FormFactor, Config> = {
	mobile: { extends: 'lighthouse:default', settings: { ...QUICK, onlyCategories: CATEGORIES } },
	desktop: { ...desktopConfig, settings: { ...desktopConfig.settings, ...QUICK, onlyCategories: CATEGORIES } }
};

export async function lighthouseScores(
	url: string,
	opts: { port: number; formFactor: FormFactor; cookie?: string }
): Promise<LighthouseScores> {
	const flags: Flags = {
		port: opts.port,
		output: 'json',
		logLevel: 'error',
		disableFullPageScreenshot: true,
		// The not-found page answers 404 on purpose; it is audited like any other.
		ignoreStatusCode: true,
		extraHeaders: opts.cookie ? { Cookie: opts.cookie } : undefined
	};
	const result = await lighthouse(url, flags, CONFIGS[opts.formFactor]);
	if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
	const { lhr } = result;
	if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
	const findings: string[] = [];
	for (const id of CATEGORIES) {
		for (const ref of lhr.categories[id].auditRefs) {
			const audit = lhr.audits[ref.id];
			if (ref.weight > 0 && audit.score !== null && audit.score < 1) findings.push(`${id} ${ref.id}: ${audit.title} (${audit.score})`);
		}
	}
	const score = (id: string) => Math.round((lhr.categories[id].score ?? 0) * 100);
	return { accessibility: score('accessibility'), bestPractices: score('best-practices'), findings };
}

/** A plain-text (Markdown) table: one row per page, a column pair per form factor audited. */
export function scoreTable(
	rows: { page: string; scores: Partial<Record<FormFactor, LighthouseScores>> }[],
	formFactors: FormFactor[]
): string {
	const table = [
		['page', ...formFactors.flatMap((f) => [`${f} accessibility`, `${f} best practices`])],
		...rows.map((r) => [
			r.page,
			...formFactors.flatMap((f) => {
				const s = r.scores[f];
				return s ? [String(s.accessibility), String(s.bestPractices)] : ['-', '-'];
			})
		])
	];
	const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
	const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	return [line(table[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...table.slice(1).map(line)].join('\n');
}
