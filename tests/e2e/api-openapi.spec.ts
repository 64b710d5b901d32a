/**
 * Every operation in /api/openapi.json, driven with generated valid and invalid inputs
 * (fast-check) against the real server: never a 500, only documented status codes, JSON
 * under /api, and bodies that match the documented schema of their status. Bounded: 20 runs
 * per operation that reads a body, a query or a path parameter, 8 for the others (about 500
 * requests). Each operation runs with a role that may call it (analyst for the review,
 * re-scan and monitoring APIs, admin for /api/admin), so its answers go past the guard.
 * The server is shared with the other specs: valid inputs that would change shared state
 * are kept harmless (telemetry from 2020 is past retention and not stored; sync pushes no
 * changes; password changes never know the current password; review decisions go to item
 * ids that do not exist; admin writes only touch this spec's own users (FUZZ_*), never the
 * shared `tech`, `analyst`, `admin`; telemetry is only excluded for FUZZ_TARGET, which never
 * sends any; promote and rollback only ever get invalid bodies, see NEVER_VALID).
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
	/** Path parameters ({name} in the path). */
	params?: Record<string, string>;
	/** A JSON value, or a raw string sent as is with a JSON content type. */
	body?: { json: unknown } | { raw: string };
}

/** Runs for operations that read a body, a query or a path parameter; fewer for the others. */
const RUNS = 20;
const RUNS_NO_INPUT = 8;
/** This spec's own accounts: created in beforeAll (FUZZ_TARGET) or by the fuzzed POST /api/admin/users (FUZZ_NEW). */
const FUZZ_TARGET = 'fuzz-openapi-target';
const FUZZ_NEW = ['fuzz-openapi-new-1', 'fuzz-openapi-new-2'];
/** Changes its own password with wrong current ones, so the sign-in throttle slows this account only. */
const FUZZ_PASSWORD_USER = { username: 'fuzz-openapi-password', password: 'fuzz openapi password 1' };
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
	'get /api/monitoring/summary': fc.record({
		query: fc.record(
			{ from: isoish, to: isoish, last: fc.constantFrom('24h', '7d', '365d', 'nope'), model: fc.string({ maxLength: 20 }) },
			{ requiredKeys: [] }
		)
	}),
	'get /api/review': fc.record({
		query: fc.record(
			{
				status: fc.constantFrom('pending', 'decided', 'nope'),
				limit: fc.integer({ min: -5, max: 600 }).map(String),
				explain: fc.constantFrom('0', '1', 'maybe')
			},
			{ requiredKeys: [] }
		)
	}),
	// Valid decisions, but for items that do not exist (404): the review-queue spec's items stay pending.
	'post /api/review/{id}': fc.record({
		body: fc
			.record(
				{ decision: fc.constantFrom('confirm', 'correct', 'reject'), label: fc.constantFrom(0, 1), note: fc.string({ maxLength: 40 }) },
				{ requiredKeys: ['decision'] }
			)
			.map((json) => ({ json }))
	}),
	'get /api/admin/audit': fc.record({
		query: fc.oneof(
			uuid.map((item) => ({ item })),
			fc.string({ maxLength: 30 }).map((q) => ({ q }))
		)
	}),
	// At most FUZZ_NEW.length users are created (then 409 USER_EXISTS); never an admin.
	'post /api/admin/users': fc.record({
		body: fc
			.record(
				{ username: fc.constantFrom(...FUZZ_NEW), role: fc.constantFrom('technician', 'analyst'), password: fc.string({ maxLength: 30 }) },
				{ requiredKeys: ['username', 'role'] }
			)
			.map((json) => ({ json }))
	}),
	'patch /api/admin/users/{username}': fc.record({
		body: fc
			.record({ disabled: fc.boolean(), role: fc.constantFrom('technician', 'analyst') }, { requiredKeys: [] })
			.map((json) => ({ json }))
	}),
	'post /api/admin/keys': fc.record({
		body: fc
			.record({
				username: fc.constantFrom(FUZZ_TARGET, 'fuzz-no-such-user'),
				scopes: fc.subarray(['classify', 'sync', 'read']),
				expiresInDays: fc.oneof(fc.constant(null), fc.integer({ min: -1, max: 4000 }))
			})
			.map((json) => ({ json }))
	}),
	// Only FUZZ_TARGET (which never sends telemetry) or sessions and users that do not exist: shared sessions are never excluded.
	'post /api/admin/telemetry/exclusions': fc.record({
		body: fc
			.oneof(
				fc.record({ username: fc.constantFrom(FUZZ_TARGET, 'fuzz-no-such-user'), reason: fc.string({ maxLength: 20 }) }),
				fc.record({ sourceId: fc.constantFrom('s_000000000000000000000000', 's_nope'), reason: fc.string({ maxLength: 20 }) })
			)
			.map((json) => ({ json }))
	}),
	// A version that is not registered (400 before the gate runs): never a real promotion.
	'post /api/admin/models/promote': fc.record({
		body: fc
			.record(
				{ version: fc.constantFrom('fuzz-no-such-version', '', 'x'.repeat(201)), reason: fc.string({ maxLength: 20 }) },
				{ requiredKeys: [] }
			)
			.map((json) => ({ json }))
	}),
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

/** Path parameters per path: never a shared user (tech, analyst, admin), never a real review item or API key. */
const PARAMS: Record<string, fc.Arbitrary<Record<string, string>>> = {
	'/api/review/{id}': fc.record({ id: fc.oneof(uuid, fc.stringMatching(/^[a-z0-9_-]{1,20}$/)) }),
	'/api/admin/users/{username}': fc.record({ username: fc.constantFrom(FUZZ_TARGET, 'fuzz-no-such-user') }),
	'/api/admin/users/{username}/reset': fc.record({ username: fc.constantFrom(FUZZ_TARGET, 'fuzz-no-such-user') }),
	'/api/admin/keys/{id}': fc.record({ id: fc.oneof(uuid, fc.stringMatching(/^[a-z0-9_-]{1,20}$/)) })
};

/** Operations whose valid input would change what other specs rely on: their generated bodies are always invalid. */
const hasReason = (input: Input) => {
	const json = input.body && 'json' in input.body ? input.body.json : undefined;
	return (
		!!json &&
		typeof json === 'object' &&
		!Array.isArray(json) &&
		typeof (json as { reason?: unknown }).reason === 'string' &&
		!!(json as { reason: string }).reason.trim()
	);
};
const NEVER_VALID: Record<string, (input: Input) => boolean> = {
	// A non-blank reason would roll the shared champion back.
	'post /api/admin/models/rollback': (input) => !hasReason(input),
	// A real version with a reason would promote it (the generated one is never registered, see VALID).
	'post /api/admin/models/promote': (input) => {
		const json = input.body && 'json' in input.body ? (input.body.json as { version?: unknown }) : undefined;
		return (
			!hasReason(input) ||
			json?.version === 'fuzz-no-such-version' ||
			json?.version === '' ||
			(typeof json?.version === 'string' && json.version.length > 200)
		);
	}
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
let analyst: APIRequestContext;
let anonymous: APIRequestContext;
let passwordChanger: APIRequestContext;

test.beforeAll(async () => {
	anonymous = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	admin = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	analyst = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	await signInApi(admin, 'admin');
	await signInApi(analyst, 'analyst');
	doc = (await (await anonymous.get('/api/openapi.json')).json()) as Doc;
	// The user the fuzzed admin writes may touch (a rerun on the same server finds it: 409).
	const created = await admin.post('/api/admin/users', { data: { username: FUZZ_TARGET, role: 'technician' } });
	expect([201, 409], await created.text()).toContain(created.status());
	const changer = await admin.post('/api/admin/users', { data: { ...FUZZ_PASSWORD_USER, role: 'technician' } });
	expect([201, 409], await changer.text()).toContain(changer.status());
	passwordChanger = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
	const signedIn = await passwordChanger.post('/api/session', { data: FUZZ_PASSWORD_USER });
	expect(signedIn.status(), await signedIn.text()).toBe(200);
});

test.afterAll(async () => Promise.all([admin.dispose(), analyst.dispose(), anonymous.dispose(), passwordChanger.dispose()]));

/** The signed-in role each operation runs with: one that may call it. */
function clientFor(path: string): APIRequestContext {
	// Signing out and signing in run anonymously (the other contexts must stay signed in).
	if (path === '/api/session') return anonymous;
	// Wrong current passwords count as failed sign-ins: never the shared accounts'.
	if (path === '/api/account/password') return passwordChanger;
	if (/^\/api\/(review|rescan|monitoring)\b/.test(path)) return analyst;
	return admin;
}

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
	'get /api/monitoring/models',
	'get /api/review',
	'post /api/review/{id}',
	'get /api/rescan/latest',
	'get /api/rescan/devices',
	'get /api/admin/users',
	'post /api/admin/users',
	'patch /api/admin/users/{username}',
	'post /api/admin/users/{username}/reset',
	'get /api/admin/keys',
	'post /api/admin/keys',
	'delete /api/admin/keys/{id}',
	'get /api/admin/audit',
	'get /api/admin/telemetry/sources',
	'post /api/admin/telemetry/exclusions',
	'get /api/admin/security-events',
	'get /api/admin/models',
	'post /api/admin/models/promote',
	'post /api/admin/models/rollback'
];

test('every operation in the document is fuzzed here', () => {
	const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
	expect(documented.sort()).toEqual([...OPERATIONS].sort());
});

for (const operation of OPERATIONS) {
	test(`${operation.toUpperCase()}: generated inputs get documented answers`, async () => {
		test.setTimeout(120_000);
		const [method, path] = operation.split(' ');
		const documented = doc.paths[path]?.[method];
		expect(documented, `${operation} is in the document`).toBeTruthy();
		const client = clientFor(path);
		const validators = new Map<string, z.ZodType>();
		const seen = new Set<string>();
		let arbitrary = VALID[operation] ? fc.oneof(VALID[operation], garbage) : garbage;
		if (NEVER_VALID[operation]) arbitrary = arbitrary.filter(NEVER_VALID[operation]);
		const params = PARAMS[path];
		if (params) arbitrary = fc.tuple(arbitrary, params).map(([input, p]) => ({ ...input, params: p }));
		const readsInput = method !== 'get' || !!VALID[operation] || !!params;
		await fc.assert(
			fc.asyncProperty(arbitrary, async (input) => {
				const resolved = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(input.params?.[name] ?? ''));
				const url = resolved + (input.query && Object.keys(input.query).length ? `?${new URLSearchParams(input.query)}` : '');
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
			{ numRuns: readsInput ? RUNS : RUNS_NO_INPUT, seed: Number(process.env.FUZZ_SEED ?? 14), endOnFailure: true }
		);
		// The inputs reached more than one outcome (valid and invalid ones) wherever a body or query is read.
		if (method === 'post' || VALID[operation]) expect([...seen].length, `${operation}: statuses seen ${[...seen]}`).toBeGreaterThan(1);
	});
}
