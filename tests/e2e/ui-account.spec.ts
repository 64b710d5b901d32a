/** The Account page: change your own password with the keyboard, plain messages; screenshots at tablet and phone sizes. */
import { expect, test } from '@playwright/test';
import { signInPage } from '../support/session.ts';
import { TEST_USERS } from '../support/users.ts';

const SHOTS = process.env.SHOTS_DIR;

for (const size of [
	{ width: 1024, height: 768 },
	{ width: 390, height: 844 }
]) {
	test(`change password on the Account page at ${size.width}x${size.height}`, async ({ page }) => {
		await page.setViewportSize(size);
		await signInPage(page, 'technician', '/account');
		await expect(page).toHaveURL(/\/account$/);
		await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
		const { password } = TEST_USERS.technician;
		await page.getByLabel('Current password').fill('not my password at all');
		await page.getByLabel('New password', { exact: true }).fill('tech passphrase two');
		await page.getByLabel('New password again').fill('tech passphrase two');
		await page.getByLabel('New password again').press('Enter');
		await expect(page.getByRole('alert')).toHaveText('The current password is not right.');
		if (SHOTS) await page.screenshot({ path: `${SHOTS}/account-error-${size.width}.png`, fullPage: true });
		await page.getByLabel('Current password').fill(password);
		await page.getByLabel('New password', { exact: true }).fill('tech passphrase two');
		await page.getByLabel('New password again').fill('tech passphrase two');
		await page.getByRole('button', { name: 'Change password' }).click();
		await expect(page.getByRole('status')).toContainText('Password changed');
		if (SHOTS) await page.screenshot({ path: `${SHOTS}/account-changed-${size.width}.png`, fullPage: true });
		// Back to the test password for the other specs.
		await page.getByLabel('Current password').fill('tech passphrase two');
		await page.getByLabel('New password', { exact: true }).fill(password);
		await page.getByLabel('New password again').fill(password);
		await page.getByRole('button', { name: 'Change password' }).click();
		await expect(page.getByRole('status')).toContainText('Password changed');
	});
}
