/**
 * Issue 14's smaller findings against the real server (server.js + build, fresh SQLite):
 * safe sign-in redirects, 413 for chunked bodies, 405 with Allow, JSON errors under /api,
 * 415 for a missing content type, no-store, HSTS only when https is known, the security
 * event log (without the app's anonymous session probe), changing one's own password.
 */
import http from 'node:http';
import { expect, test, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { signInApi } from '../support/session.ts';
import { E2E_BASE_URL, E2E_PORT, TEST_USERS } from '../support/users.ts';

/** A raw HTTP exchange (Playwright's client always sends Content-Length and refuses TRACE). */
function raw(
	method: string,
	path: string,
	options: { headers?: Record<string, string>; chunks?: Buffer[] } = {}
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port: E2E_PORT, method, path, headers: options.headers }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
		});
		req.on('error', reject);
		for (const chunk of options.chunks ?? []) req.write(chunk);
		req.end();
	});
}

async function signedIn(role: 'technician' | 'analyst' | 'admin'): Promise<APIRequestContext> {
	const ctx = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL, maxRedirects: 0 });
	await signInApi(ctx, role);
	return ctx;
}

test('GET /login?next= with a tab, a newline or an ideographic full stop: no 500, stays on the site', async () => {
	const ctx = await signedIn('technician');
	for (const next of [
		'/%09/evil.example',
		'/%0a/evil.example',
		'/%0d%0a/evil.example',
		'/%E3%80%82/evil.example',
		'//evil.example',
		'/%5Cevil.example'
	]) {
		const res = await ctx.get(`/login?next=${next}`, { maxRedirects: 0 });
		expect(res.status(), next).toBe(303);
		const location = res.headers()['location'];
		expect(new URL(location, E2E_BASE_URL).origin, `${next} -> ${location}`).toBe(new URL(E2E_BASE_URL).origin);
	}
	await ctx.dispose();
	// Anonymous: the page renders.
	expect((await raw('GET', '/login?next=/%09/evil.example')).status).toBe(200);
});

test('a chunked body over the limit gets 413 JSON, not a connection reset', async () => {
	const chunk = Buffer.from('{"username":"' + 'a'.repeat(8 * 1024));
	const res = await raw('POST', '/api/session', {
		headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
		chunks: [chunk, chunk, chunk, Buffer.from('"}')]
	});
	expect(res.status).toBe(413);
	expect(res.headers['content-type']).toContain('application/json');
	expect(JSON.parse(res.body).message).toMatch(/limit/);
});

test('wrong methods get 405 with Allow (JSON under /api)', async () => {
	const put = await raw('PUT', '/api/health', { headers: { 'content-type': 'application/json' }, chunks: [Buffer.from('{}')] });
	expect(put.status).toBe(405);
	expect(put.headers['allow']).toContain('GET');
	expect(put.headers['content-type']).toContain('application/json');
	expect(JSON.parse(put.body)).toHaveProperty('message');
	for (const method of ['TRACE', 'PUT']) {
		const res = await raw(method, '/login');
		expect(res.status, method).toBe(405);
		expect(res.headers['allow']).toMatch(/GET/);
	}
});

test('errors under /api are JSON whatever the client accepts', async () => {
	for (const [path, status] of [
		['/api/session', 401],
		['/api/no-such-api', 404],
		['/api/monitoring/summary', 401]
	] as const) {
		const res = await raw('GET', path, { headers: { accept: 'text/html' } });
		expect(res.status, path).toBe(status);
		expect(res.headers['content-type'], path).toContain('application/json');
		expect(JSON.parse(res.body).message, path).toBeTruthy();
	}
});

test('a POST without a content type gets a clear 415 JSON, not the CSRF message', async () => {
	const res = await raw('POST', '/api/session', { chunks: [Buffer.from('{"username":"a","password":"b"}')] });
	expect(res.status).toBe(415);
	const body = JSON.parse(res.body);
	expect(body.message).toMatch(/Content-Type: application\/json/);
	expect(body.message).not.toMatch(/Cross-site/);
});

test('session, sync and classify answers are not cached; HSTS is not sent over plain http even if a client claims https', async () => {
	const ctx = await signedIn('technician');
	const answers = [
		await ctx.get('/api/session'),
		await ctx.post('/api/sync', { data: { cursor: null, changes: [] } }),
		await ctx.post('/api/classify', { data: { texts: [] } }),
		await ctx.post('/api/session', { data: { username: TEST_USERS.technician.username, password: TEST_USERS.technician.password } })
	];
	for (const res of answers) expect(res.headers()['cache-control'], res.url()).toBe('no-store');
	const spoofed = await raw('GET', '/api/health', { headers: { 'x-forwarded-proto': 'https' } });
	expect(spoofed.headers['strict-transport-security']).toBeUndefined();
	await ctx.dispose();
});

test('admins read the security event log; others are refused (and that is logged)', async () => {
	const anon = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	const wrong = await anon.post('/api/session', { data: { username: TEST_USERS.analyst.username, password: 'not the password at all' } });
	expect(wrong.status()).toBe(401);
	const tech = await signedIn('technician');
	expect((await tech.get('/api/admin/security-events')).status()).toBe(403);
	const leaving = await signedIn('technician');
	expect((await leaving.delete('/api/session')).status()).toBe(204);
	const admin = await signedIn('admin');
	const res = await admin.get('/api/admin/security-events?limit=200');
	expect(res.status()).toBe(200);
	const { events } = (await res.json()) as { events: { kind: string; username: string | null; detail: Record<string, unknown> }[] };
	expect(events.some((e) => e.kind === 'sign-in-failure' && e.username === TEST_USERS.analyst.username)).toBe(true);
	expect(events.some((e) => e.kind === 'sign-in-success' && e.username === TEST_USERS.admin.username)).toBe(true);
	expect(
		events.some(
			(e) => e.kind === 'access-refused' && e.username === TEST_USERS.technician.username && e.detail.path === '/api/admin/security-events'
		)
	).toBe(true);
	expect(events.some((e) => e.kind === 'sign-out' && e.username === TEST_USERS.technician.username)).toBe(true);
	expect(JSON.stringify(events)).not.toContain('not the password at all');
	await Promise.all([anon.dispose(), tech.dispose(), admin.dispose(), leaving.dispose()]);
});

test('an anonymous request to an admin API is logged as refused; the app asking "am I signed in?" is not', async () => {
	const anon = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	expect((await anon.get('/api/session')).status()).toBe(401);
	expect((await anon.get('/api/admin/security-events')).status()).toBe(401);
	const admin = await signedIn('admin');
	const res = await admin.get('/api/admin/security-events?kind=access-refused&limit=200');
	const { events } = (await res.json()) as { events: { username: string | null; detail: Record<string, unknown> }[] };
	const refused = (method: string, path: string) =>
		events.filter((e) => e.username === null && e.detail.method === method && e.detail.path === path && e.detail.status === 401);
	expect(refused('GET', '/api/admin/security-events').length).toBeGreaterThan(0);
	expect(refused('GET', '/api/session')).toEqual([]);
	await Promise.all([anon.dispose(), admin.dispose()]);
});

test('a user changes their own password: current one required, 12 characters, other sessions end', async () => {
	const { username, password } = TEST_USERS.analyst;
	const [here, elsewhere] = [await signedIn('analyst'), await signedIn('analyst')];
	const change = (currentPassword: string, newPassword: string) =>
		here.post('/api/account/password', { data: { currentPassword, newPassword } });
	expect(await (await change('wrong current password', 'a new passphrase here')).json()).toMatchObject({ code: 'WRONG_PASSWORD' });
	const short = await change(password, 'short-11chr');
	expect(short.status()).toBe(400);
	expect((await short.json()).code).toBe('WEAK_PASSWORD');
	const newPassword = 'analyst passphrase two';
	expect((await change(password, newPassword)).status()).toBe(200);
	expect((await here.get('/api/session')).status()).toBe(200);
	expect((await elsewhere.get('/api/session')).status()).toBe(401);
	const anon = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	expect((await anon.post('/api/session', { data: { username, password: newPassword } })).status()).toBe(200);
	// Put it back for the other specs.
	expect((await change(newPassword, password)).status()).toBe(200);
	await Promise.all([here.dispose(), elsewhere.dispose(), anon.dispose()]);
});

test('wrong current passwords on a password change wait like failed sign-ins (429 with Retry-After)', async () => {
	// An account of this test's own: the throttle must not slow the shared test accounts.
	const account = { username: `throttle-${Date.now().toString(36)}`, password: 'throttle test passphrase' };
	const admin = await signedIn('admin');
	expect((await admin.post('/api/admin/users', { data: { ...account, role: 'technician' } })).status()).toBe(201);
	const session = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	expect((await session.post('/api/session', { data: account })).status()).toBe(200);
	const change = (currentPassword: string) =>
		session.post('/api/account/password', { data: { currentPassword, newPassword: 'another passphrase here' } });
	// LOGIN_MAX_FAILURES_PER_USER (5) free failures, as for sign-in.
	for (let i = 0; i < 5; i++) expect((await (await change('not the password')).json()).code).toBe('WRONG_PASSWORD');
	const blocked = await change(account.password);
	expect(blocked.status()).toBe(429);
	expect(await blocked.json()).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/^Too many wrong passwords/) });
	expect(Number(blocked.headers()['retry-after'])).toBeGreaterThan(0);
	// The same counts: signing in as that account from here waits too.
	const again = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	expect((await again.post('/api/session', { data: account })).status()).toBe(429);
	await Promise.all([admin.dispose(), session.dispose(), again.dispose()]);
});

test('a cross-site form POST to a page is still refused (the check moved from SvelteKit into hooks)', async () => {
	const form = { 'content-type': 'application/x-www-form-urlencoded' };
	const body = [Buffer.from('username=nobody-here&password=whatever-at-all')];
	const cross = await raw('POST', '/login', { headers: { ...form, origin: 'https://evil.example' }, chunks: body });
	expect(cross.status).toBe(403);
	expect(cross.body).toMatch(/Cross-site POST form submissions are forbidden/);
	const same = await raw('POST', '/login', { headers: { ...form, origin: E2E_BASE_URL.replace('localhost', '127.0.0.1') }, chunks: body });
	expect(same.status).not.toBe(403);
});
