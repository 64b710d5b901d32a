import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem } from './password.ts';

describe('password rule (ASVS: at least 12 characters)', () => {
	it('refuses 11 characters and accepts 12, counting characters, not bytes', async () => {
		expect(MIN_PASSWORD_LENGTH).toBe(12);
		await expect(hashPassword('a'.repeat(11))).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
		await expect(hashPassword('a'.repeat(12))).resolves.toMatch(/^\$argon2id\$/);
		// Eleven emoji are 22 UTF-16 units but 11 characters.
		expect(passwordProblem('\u{1F512}'.repeat(11))).toMatch(/at least 12/);
		expect(passwordProblem('\u{1F512}'.repeat(12))).toBeNull();
	});

	it('the CLI refuses a short password with the reason', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'user-cli-'));
		try {
			const run = (password: string) =>
				spawnSync(process.execPath, ['scripts/user.ts', 'add', 'shorty', '--role', 'technician', '--password-stdin'], {
					input: `${password}\n`,
					env: { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'app.sqlite')}` },
					encoding: 'utf8'
				});
			const short = run('elevenchars');
			expect(short.status).not.toBe(0);
			expect(short.stderr).toMatch(/at least 12 characters/);
			expect(run('twelve chars').status).toBe(0);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
