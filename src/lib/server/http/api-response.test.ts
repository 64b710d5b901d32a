import { describe, expect, it } from 'vitest';
import { finishApiResponse, storageFailureResponse } from './api-response.ts';
import { storageFailureOf } from '../db/storage-status.ts';

const get = new Request('http://app.test/api/x');

describe('API responses', () => {
	it('turn text and HTML errors into JSON, keeping status and Allow', async () => {
		const res = await finishApiResponse(
			get,
			'/api/health',
			new Response('PUT method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } })
		);
		expect(res.status).toBe(405);
		expect(res.headers.get('allow')).toBe('GET, HEAD');
		expect(await res.json()).toEqual({ message: 'PUT method not allowed' });
		const html = await finishApiResponse(
			get,
			'/api/nope',
			new Response('<!doctype html><h1>Not Found</h1>', { status: 404, headers: { 'content-type': 'text/html' } })
		);
		expect(await html.json()).toEqual({ message: 'Not Found' });
	});

	it('are no-store unless the route chose, and pages are left alone', async () => {
		expect((await finishApiResponse(get, '/api/session', Response.json({}))).headers.get('cache-control')).toBe('no-store');
		expect(
			(await finishApiResponse(get, '/api/openapi.json', Response.json({}, { headers: { 'cache-control': 'no-cache' } }))).headers.get(
				'cache-control'
			)
		).toBe('no-cache');
		const page = new Response('<h1>x</h1>', { status: 404 });
		expect(await finishApiResponse(get, '/inventory', page)).toBe(page);
	});

	it('a storage failure becomes a 503 that names the cause', async () => {
		const failure = storageFailureOf(Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }))!;
		const res = storageFailureResponse(failure, true);
		expect(res.status).toBe(503);
		expect(res.headers.get('retry-after')).toBeTruthy();
		expect(await res.json()).toMatchObject({
			code: 'STORAGE_UNAVAILABLE',
			cause: 'PG_READ_ONLY',
			message: expect.stringMatching(/read-only/)
		});
	});
});
