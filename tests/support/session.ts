/** Signing in from Playwright specs. */
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { Role } from '#lib/server/db/schema.ts';
import { TEST_USERS } from './users.ts';

/** Signs in through the /login form (the cookie then stays with the page's context). */
export async function signInPage(page: Page, role: Role, next?: string): Promise<void> {
	const user = TEST_USERS[role];
	await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
	await page.getByLabel('Username').fill(user.username);
	await page.getByLabel('Password').fill(user.password);
	// The form works before hydration too; make sure hydration kept what was typed.
	await expect(page.getByLabel('Username')).toHaveValue(user.username);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

/** Signs an API request context in (POST /api/session); its cookie jar keeps the session. */
export async function signInApi(request: APIRequestContext, role: Role): Promise<void> {
	const user = TEST_USERS[role];
	const res = await request.post('/api/session', { data: { username: user.username, password: user.password } });
	expect(res.status(), await res.text()).toBe(200);
}
