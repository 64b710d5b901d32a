import { describe, expect, it } from 'vitest';
import { refuseRequest, transportHeaders } from './request-policy.ts';

const SELF = 'http://app.test';
const req = (method: string, path: string, headers: Record<string, string> = {}) =>
	[
		new Request(SELF + path, { method, headers, body: method === 'GET' ? undefined : headers['x-empty'] ? undefined : '{}' }),
		new URL(SELF + path)
	] as const;

describe('request policy', () => {
	it('API writes without a JSON content type get 415, whatever the origin', () => {
		for (const headers of [
			{} as Record<string, string>,
			{ 'content-type': 'text/plain' },
			{ 'content-type': 'application/x-www-form-urlencoded', origin: SELF }
		]) {
			const [r, u] = req('POST', '/api/session', headers);
			expect(refuseRequest(r, u, SELF)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
		}
		const [ok, u] = req('POST', '/api/session', { 'content-type': 'application/json; charset=utf-8' });
		expect(refuseRequest(ok, u, SELF)).toBeNull();
	});

	it('a sign-out DELETE without a body needs no content type', () => {
		const r = new Request(`${SELF}/api/session`, { method: 'DELETE' });
		expect(refuseRequest(r, new URL(`${SELF}/api/session`), SELF)).toBeNull();
	});

	it('pages refuse cross-site form POSTs and leave other methods to the 405', () => {
		const [cross, u] = req('POST', '/login', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' });
		expect(refuseRequest(cross, u, SELF)).toMatchObject({ status: 403, code: 'CROSS_SITE_FORM' });
		const [same] = req('POST', '/login', { 'content-type': 'application/x-www-form-urlencoded', origin: SELF });
		expect(refuseRequest(same, u, SELF)).toBeNull();
		const [put] = req('PUT', '/login');
		expect(refuseRequest(put, u, SELF)).toBeNull();
	});

	it('HSTS only over https', () => {
		expect(transportHeaders(new URL('https://app.test/'))).toHaveProperty('strict-transport-security');
		expect(transportHeaders(new URL('http://app.test/'))).toEqual({});
	});
});
