/**
 * Every operation in /api/openapi.json, driven with generated valid and invalid inputs
 * (fast-check) against the real server: never a 500, only documented status codes, JSON
 * under /api, and bodies that match the documented schema of their status. Bounded: about
 * 25 runs per operation. Valid inputs that would change shared state are kept harmless
 * (telemetry from 2020 is past retention and not stored; sync pushes no changes; password
 * changes never know the current password).
 */
import fc from 'fast-check';
import { z } from 'zod';
import { expect, test, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { signInApi } from '../support/session.ts';
import { E2E_BASE_URL } from '../support/users.ts';

type Doc = {
	paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
	components: { schemas: Record<string, unknown> };
};

interface Input {
	query?: Record<string, string>;
	/** A JSON value, or a raw string sent as is with a JSON content type. */
	body?: { json: unknown } | { raw: string };
}

const RUNS = 25;
const nonBlank = fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0);
const uuid = fc.uuid().map((u) => (Math.random() < 0.5 ? u.toUpperCase() : u));
const oldEvent = fc.record({
	eventId: uuid,
	time: fc.constant('2020-01-01T00:00:00.000Z'),
	appVersion: fc.constant('0.1.0'),
	modelVersion: fc.constant('fuzz-model'),
	backend: fc.constantFrom('wasm', 'webgpu', 'server'),
	threads: fc.integer({ min: 1, max: 8 }),
	latencyMs: fc.double({ min: 0, max: 1000, noNaN: true }),
	label: fc.constantFrom(0, 1),
	probability: fc.double({ min: 0, max: 1, noNaN: true }),
	tokenCount: fc.integer({ min: 0, max: 500 }),
	oovCount: fc.integer({ min: 0, max: 10 }),
	overridden: fc.constant(false),
	overrideLabel: fc.constant(null),
	shadow: fc.constant(null)
});
const isoish = fc.oneof(
	fc.date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
	fc.string({ maxLength: 30 })
);

/** Valid inputs per operation ("METHOD path"); every operation also gets garbage. */
const VALID: Record<string, fc.Arbitrary<Input>> = {
	'post /api/classify': fc.record({
		query: fc.constantFrom<Record<string, string>>({}, { explain: '1' }, { explain: '0' }),
		body: fc.array(nonBlank, { minLength: 1, maxLength: 4 }).map((texts) => ({ json: { texts } }))
	}),
	'post /api/session': fc.record({ body: fc.record({ username: nonBlank, password: nonBlank }).map((json) => ({ json })) }),
	'post /api/account/password': fc.record({
		body: fc.record({ currentPassword: nonBlank, newPassword: fc.string({ minLength: 12, maxLength: 40 }) }).map((json) => ({ json }))
	}),
	'post /api/sync': fc.record({ body: fc.constantFrom(null, '0', '3').map((cursor) => ({ json: { cursor, changes: [] } })) }),
	'post /api/telemetry': fc.record({ body: fc.array(oldEvent, { minLength: 1, maxLength: 5 }).map((events) => ({ json: { events } })) }),
	'get /api/monitoring/summary': fc.record({ query: fc.record({ from: isoish, to: isoish }, { requiredKeys: [] }) }),
	'get /api/admin/security-events': fc.record({
		query: fc.record(
			{
				limit: fc.integer({ min: -5, max: 2000 }).map(String),
				kind: fc.constantFrom('sign-in-failure', 'access-refused', 'nope'),
				before: isoish
			},
			{ requiredKeys: [] }
		)
	})
};

const garbage: fc.Arbitrary<Input> = fc.record(
	{
		query: fc.dictionary(fc.constantFrom('explain', 'limit', 'from', 'to', 'kind', 'user', 'x'), fc.string({ maxLength: 20 })),
		body: fc.oneof(
			fc.jsonValue().map((json) => ({ json })),
			fc.string({ maxLength: 200 }).map((raw) => ({ raw }))
		)
	},
	{ requiredKeys: [] }
);

function resolveRefs(schema: unknown, schemas: Record<string, unknown>): unknown {
	if (Array.isArray(schema)) return schema.map((s) => resolveRefs(s, schemas));
	if (schema && typeof schema === 'object') {
		const o = schema as Record<string, unknown>;
		if (typeof o.$ref === 'string') return resolveRefs(schemas[o.$ref.split('/').pop()!], schemas);
		return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolveRefs(v, schemas)]));
	}
	return schema;
}

let doc: Doc;
let admin: APIRequestContext;
let anonymous: APIRequestContext;

test.beforeAll(async () => {
	anonymous = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	admin = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	await signInApi(admin, 'admin');
	doc = (await (await anonymous.get('/api/openapi.json')).json()) as Doc;
});

test.afterAll(async () => Promise.all([admin.dispose(), anonymous.dispose()]));

test('the document describes every API', () => {
	expect(Object.keys(doc.paths).sort()).toEqual(
		[
			'/api/account/password',
			'/api/admin/security-events',
			'/api/classify',
			'/api/health',
			'/api/monitoring/summary',
			'/api/openapi.json',
			'/api/session',
			'/api/sync',
			'/api/telemetry',
			'/models/manifest.json'
		].sort()
	);
});

const OPERATIONS = [
	'get /api/health',
	'get /api/openapi.json',
	'get /models/manifest.json',
	'get /api/session',
	'post /api/session',
	'delete /api/session',
	'post /api/classify',
	'post /api/account/password',
	'post /api/sync',
	'post /api/telemetry',
	'get /api/monitoring/summary',
	'get /api/admin/security-events'
];

for (const operation of OPERATIONS) {
	test(`${operation.toUpperCase()}: generated inputs get documented answers`, async () => {
		test.setTimeout(120_000);
		const [method, path] = operation.split(' ');
		const documented = doc.paths[path]?.[method];
		expect(documented, `${operation} is in the document`).toBeTruthy();
		// Signing out and signing in run anonymously (the admin context must stay signed in).
		const client = method === 'delete' || path === '/api/session' ? anonymous : admin;
		const validators = new Map<string, z.ZodType>();
		const seen = new Set<string>();
		const arbitrary = VALID[operation] ? fc.oneof(VALID[operation], garbage) : garbage;
		await fc.assert(
			fc.asyncProperty(arbitrary, async (input) => {
				const url = path + (input.query && Object.keys(input.query).length ? `?${new URLSearchParams(input.query)}` : '');
				const body = method === 'get' ? undefined : input.body;
				const res = await client.fetch(url, {
					method: method.toUpperCase(),
					headers: body ? { 'content-type': 'application/json' } : {},
					data: body ? ('raw' in body ? body.raw : JSON.stringify(body.json)) : undefined,
					maxRedirects: 0
				});
				const status = String(res.status());
				const text = await res.text();
				seen.add(status);
				expect(res.status(), `${operation} ${url} -> ${status}: ${text.slice(0, 200)}`).not.toBe(500);
				expect(Object.keys(documented.responses), `${operation} ${url}: ${status} is documented (${text.slice(0, 200)})`).toContain(status);
				if (status === '204') return;
				expect(res.headers()['content-type'], `${operation} ${status}`).toContain('application/json');
				const schema = documented.responses[status].content?.['application/json']?.schema;
				if (!schema) return;
				let validator = validators.get(status);
				if (!validator) {
					validator = z.fromJSONSchema(resolveRefs(schema, doc.components.schemas) as Parameters<typeof z.fromJSONSchema>[0]);
					validators.set(status, validator);
				}
				const parsed = validator.safeParse(JSON.parse(text));
				expect(parsed.success, `${operation} ${url} ${status} matches its schema: ${parsed.error?.message} in ${text.slice(0, 300)}`).toBe(
					true
				);
			}),
			{ numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 14), endOnFailure: true }
		);
		// The inputs reached more than one outcome (valid and invalid ones) wherever a body or query is read.
		if (method === 'post' || VALID[operation]) expect([...seen].length, `${operation}: statuses seen ${[...seen]}`).toBeGreaterThan(1);
	});
}
