// `npm run feedback -- export --output FILE.csv [--since DATE]`: reviewed labels from the
// configured database (DATABASE_URL, as the server; default sqlite:./data/app.sqlite) as
// training and evaluation data. Columns text,label,source,reviewed_at,model_version;
// one row per normalized text (the latest review); source is the frozen part
// (field-eval: never trained on; field-train), see src/lib/feedback/field-split.ts.
// Exit codes: 0 written, 1 failed, 2 bad arguments.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '#lib/server/config.ts';
import { openDatabase } from '#lib/server/db/connect.ts';
import { UsageError } from '#lib/node/errors.ts';
import { FEEDBACK_COLUMNS, feedbackRows } from '#lib/server/review/feedback-export.ts';
import { csvLine } from '#scripts/release/csv.ts';

const USAGE = `usage: npm run feedback -- export --output FILE.csv [--since DATE]
  --output FILE.csv  where to write (columns ${FEEDBACK_COLUMNS.join(',')})
  --since DATE       only reviews from this date or time on (ISO, e.g. 2026-11-01)
Reads DATABASE_URL like the server (default sqlite:./data/app.sqlite).`;

export async function exportFeedback(options: {
	output: string;
	since?: number;
	databaseUrl?: string;
}): Promise<{ rows: number; eval: number; duplicates: number }> {
	const config = loadConfig(options.databaseUrl === undefined ? process.env : { ...process.env, DATABASE_URL: options.databaseUrl });
	const handle = await openDatabase(config.database);
	try {
		const { rows, duplicates } = await feedbackRows(handle.db, { since: options.since });
		const lines = [FEEDBACK_COLUMNS.join(','), ...rows.map((r) => csvLine(FEEDBACK_COLUMNS.map((c) => r[c])))];
		await writeFile(options.output, `${lines.join('\n')}\n`);
		return { rows: rows.length, eval: rows.filter((r) => r.source === 'field-eval').length, duplicates };
	} finally {
		await handle.close();
	}
}

function parse(argv: string[]): { output: string; since?: number } {
	const { values, positionals } = parseArgs({
		args: argv,
		options: { output: { type: 'string' }, since: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
		allowPositionals: true,
		strict: true
	});
	if (values.help) throw new UsageError(USAGE);
	if (positionals[0] !== 'export' || positionals.length !== 1) throw new UsageError(`unknown command "${positionals.join(' ')}"\n${USAGE}`);
	if (!values.output) throw new UsageError(`export needs --output FILE.csv\n${USAGE}`);
	let since: number | undefined;
	if (values.since !== undefined) {
		since = Date.parse(values.since);
		if (Number.isNaN(since)) throw new UsageError(`--since "${values.since}" is not a date; use ISO, e.g. 2026-11-01 or 2026-11-01T08:00Z`);
	}
	return { output: path.resolve(process.env.INIT_CWD ?? process.cwd(), values.output), since };
}

if (import.meta.main) {
	let args: { output: string; since?: number };
	try {
		args = parse(process.argv.slice(2));
	} catch (e) {
		const help = process.argv.includes('--help') || process.argv.includes('-h');
		(help ? console.log : console.error)((e as Error).message);
		process.exit(help ? 0 : 2);
	}
	try {
		const r = await exportFeedback(args);
		console.log(
			`feedback: ${r.rows} reviewed texts (${r.eval} field-eval, ${r.rows - r.eval} field-train; ${r.duplicates} duplicate reviews dropped) -> ${args.output}`
		);
	} catch (e) {
		console.error(`feedback export failed: ${(e as Error).message}`);
		process.exit(1);
	}
}
