/**
 * Issue 13: Lighthouse accessibility 100 and best practices at least 95 on every page of
 * tests/e2e/a11y-pages.ts (each address once, signed in as its role), on a phone and a
 * desktop. Lighthouse loads each page itself, so the page states there (an open form, a
 * verdict) are axe's part (a11y-axe.spec.ts). `npm run lighthouse` prints the table.
 */
import { chromium, expect, request, test, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '#scripts/lib/chromium.ts';
import { E2E_BASE_URL, E2E_PORT } from '#tests/support/users.ts';
import { signInApi } from '#tests/support/session.ts';
import type { Role } from '#lib/server/db/schema.ts';
import { PAGES } from './a11y-pages.ts';
import { lighthouseScores, scoreTable, type FormFactor, type LighthouseScores } from './lighthouse-audit.ts';

/** Lighthouse's own Chromium: its remote-debugging port sits next to the test server's. */
const DEBUG_PORT = Number(process.env.LIGHTHOUSE_PORT ?? E2E_PORT + 1);
/** `npm test` audits the phone layout; `npm run lighthouse` (LIGHTHOUSE_FORM_FACTORS=mobile,desktop) both. */
const FORM_FACTORS = (process.env.LIGHTHOUSE_FORM_FACTORS ?? 'mobile').split(',') as FormFactor[];

// Each address once (several cases of a11y-pages.ts are states of one page).
const targets = [...new Map(PAGES.map((c) => [`${c.role ?? 'anonymous'} ${c.url}`, { url: c.url, role: c.role, name: c.name }])).values()];

let browser: Browser;
const cookies = new Map<Role, string>();
const table: { page: string; scores: Partial<Record<FormFactor, LighthouseScores>> }[] = [];

async function sessionCookie(role: Role): Promise<string> {
	if (!cookies.has(role)) {
		const api = await request.newContext({ baseURL: E2E_BASE_URL });
		await signInApi(api, role);
		const { cookies: jar } = await api.storageState();
		cookies.set(role, jar.map((c) => `${c.name}=${c.value}`).join('; '));
		await api.dispose();
	}
	return cookies.get(role)!;
}

test.beforeAll(async () => {
	browser = await chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [...CHROMIUM_ARGS, `--remote-debugging-port=${DEBUG_PORT}`]
	});
});

test.afterAll(async () => {
	await browser?.close();
	if (!table.length) return;
	const findings = table.flatMap((r) =>
		Object.entries(r.scores).flatMap(([formFactor, s]) => s.findings.map((f) => `  ${r.page} ${formFactor}: ${f}`))
	);
	console.log(
		`Lighthouse scores (accessibility, best practices):\n${scoreTable(table, FORM_FACTORS)}${findings.length ? `\nFindings:\n${findings.join('\n')}` : ''}`
	);
});

test('lighthouse: accessibility 100 and best practices at least 95 on every page', async () => {
	test.setTimeout(600_000);
	for (const t of targets) {
		const page = `${t.url} (${t.role ?? 'signed out'})`;
		await test.step(page, async () => {
			const url = `${E2E_BASE_URL}${t.url}`;
			const cookie = t.role ? await sessionCookie(t.role) : undefined;
			const row: (typeof table)[number] = { page, scores: {} };
			table.push(row);
			for (const formFactor of FORM_FACTORS) {
				const scores = await lighthouseScores(url, { port: DEBUG_PORT, formFactor, cookie });
				row.scores[formFactor] = scores;
				expect.soft(scores.accessibility, `${page} ${formFactor} accessibility: ${scores.findings.join('; ')}`).toBe(100);
				expect.soft(scores.bestPractices, `${page} ${formFactor} best practices: ${scores.findings.join('; ')}`).toBeGreaterThanOrEqual(95);
			}
		});
	}
});
