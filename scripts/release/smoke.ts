/**
 * Smoke test of a deployed release in real Chromium: sign in, wait until the page's
 * worker has loaded the expected model, classify the golden examples through the UI
 * and compare the labels; /api/health must report the same model.
 * Credentials: RELEASE_SMOKE_USERNAME / RELEASE_SMOKE_PASSWORD (an admin or technician
 * account of the deployed server; a pipeline secret, never in the repo).
 */
import { chromium, type Browser } from 'playwright-core';
import type { GoldenExample } from '#lib/bundle/manifest.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../lib/chromium.ts';
import { CodedError } from '#lib/errors.ts';

export class SmokeError extends CodedError<'SMOKE_FAILED'> {
	constructor(message: string) {
		super('SMOKE_FAILED', message);
	}
}

export interface SmokeOptions {
	url: string;
	expectedModel: string;
	golden: readonly GoldenExample[];
	username?: string;
	password?: string;
	/** Per-step timeout in ms (model download and WASM start included). Default 90 s. */
	timeoutMs?: number;
}

export interface SmokeReport {
	classified: number;
	model: string;
	backend: string;
}

export async function smokeTest(options: SmokeOptions): Promise<SmokeReport> {
	const username = options.username ?? process.env.RELEASE_SMOKE_USERNAME;
	const password = options.password ?? process.env.RELEASE_SMOKE_PASSWORD;
	if (!username || !password)
		throw new SmokeError(
			'Set RELEASE_SMOKE_USERNAME and RELEASE_SMOKE_PASSWORD (a technician or admin account of the deployed server), or pass --no-smoke.'
		);
	const timeout = options.timeoutMs ?? 90_000;

	const health = (await (await fetch(`${options.url}/api/health`)).json()) as { status: string; model: string | null };
	if (health.model !== options.expectedModel)
		throw new SmokeError(`/api/health reports model ${health.model}, expected ${options.expectedModel}`);

	let browser: Browser | undefined;
	const pageErrors: string[] = [];
	try {
		browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
		const page = await browser.newPage();
		page.setDefaultTimeout(timeout);
		page.on('pageerror', (e) => pageErrors.push(e.message));
		await page.goto(`${options.url}/login`);
		await page.fill('input[name=username]', username);
		await page.fill('input[name=password]', password);
		await page.getByRole('button', { name: 'Sign in', exact: true }).click();
		// Either the app (signed in) or the sign-in form again with its error message.
		const alert = page.locator('form [role=alert]');
		await Promise.race([page.waitForURL((u) => !u.pathname.startsWith('/login')), alert.waitFor()]).catch(() => {
			throw new SmokeError(`Signing in as ${username} neither left /login nor showed an error within ${timeout / 1000} s.`);
		});
		if (new URL(page.url()).pathname.startsWith('/login'))
			throw new SmokeError(`Sign-in as ${username} failed: ${((await alert.textContent()) ?? '').trim()}`);
		const home = await page.goto(`${options.url}/`);
		if (!home?.ok()) throw new SmokeError(`${options.url}/ answered ${home?.status() ?? 'nothing'} after sign-in; see the server log.`);
		const versionBadge = page.getByTestId('model-version');
		await versionBadge.waitFor();
		const shown = (await versionBadge.textContent()) ?? '';
		if (!shown.includes(options.expectedModel))
			throw new SmokeError(`The page runs model "${shown.trim()}", expected ${options.expectedModel}`);
		const backend = ((await page.getByTestId('status-backend').textContent()) ?? '').trim();

		const wrong: string[] = [];
		for (const g of options.golden) {
			await page.fill('#description', g.text);
			await page.getByRole('button', { name: 'Classify', exact: true }).click();
			// The explanation re-assembles the submitted text: it proves this verdict is for this text.
			await page.waitForFunction(
				(text) => document.querySelector('[data-testid=explanation]')?.textContent?.trim() === text.trim(),
				g.text
			);
			const label = Number(await page.getByTestId('verdict').getAttribute('data-label'));
			if (label !== g.label) wrong.push(`"${g.text}": got ${label}, expected ${g.label}`);
		}
		if (wrong.length)
			throw new SmokeError(
				`${wrong.length}/${options.golden.length} golden examples classified wrongly in the browser: ${wrong.join('; ')}`
			);
		return { classified: options.golden.length, model: options.expectedModel, backend };
	} catch (error) {
		if (error instanceof SmokeError) throw error;
		throw new SmokeError(
			`${(error as Error).message.split('\n')[0]}${pageErrors.length ? ` (page errors: ${pageErrors.join('; ')})` : ''}`
		);
	} finally {
		await browser?.close();
	}
}
