/**
 * HTTP load with autocannon (loopback only, fixed duration): telemetry ingestion at a
 * realistic batch size and the classify service at batch 1 and 100.
 */
// @ts-expect-error autocannon ships no types and @types/autocannon is not installed (we type the few fields we use below).
import autocannon from 'autocannon';
import type { TelemetryEventInput } from '#lib/telemetry/event.ts';

export interface LoadResult {
	name: string;
	/** Items per request (events or descriptions). */
	batch: number;
	connections: number;
	durationS: number;
	requests: number;
	/** 2xx answers per second. */
	requestsPerSecond: number;
	/** requestsPerSecond * batch. */
	itemsPerSecond: number;
	latencyP50: number;
	latencyP99: number;
	non2xx: number;
	errors: number;
}

interface CannonResult {
	requests: { average: number; total: number };
	latency: { p50: number; p99: number };
	non2xx: number;
	errors: number;
	timeouts: number;
	duration: number;
	'2xx': number;
}

// autocannon ships no types (and @types/autocannon is not installed): the few fields we use.
type CannonRequest = Record<string, unknown>;
type CannonOptions = Record<string, unknown>;

function run(options: CannonOptions): Promise<CannonResult> {
	return new Promise((resolve, reject) => {
		(autocannon as (o: CannonOptions, cb: (e: Error | null, r: unknown) => void) => void)(options, (error, result) =>
			error ? reject(error) : resolve(result as unknown as CannonResult)
		);
	});
}

function toResult(name: string, batch: number, connections: number, r: CannonResult): LoadResult {
	const ok = r['2xx'];
	const rps = ok / r.duration;
	return {
		name,
		batch,
		connections,
		durationS: r.duration,
		requests: r.requests.total,
		requestsPerSecond: rps,
		itemsPerSecond: rps * batch,
		latencyP50: r.latency.p50,
		latencyP99: r.latency.p99,
		non2xx: r.non2xx,
		errors: r.errors + r.timeouts
	};
}

/** A realistic prediction event (what a tablet sends), with a fresh id. */
export function telemetryEvent(i: number): TelemetryEventInput {
	const probability = (i * 0.618) % 1;
	return {
		eventId: crypto.randomUUID(),
		time: new Date().toISOString(),
		appVersion: '0.1.0',
		modelVersion: 'bench',
		backend: 'wasm',
		threads: 2,
		latencyMs: 0.8,
		label: probability >= 0.5 ? 1 : 0,
		probability,
		tokenCount: 9,
		oovCount: i % 3 === 0 ? 1 : 0,
		overridden: false,
		overrideLabel: null,
		shadow: null
	};
}

export interface LoadOptions {
	origin: string;
	apiKey: string;
	/** `session=...` of a technician: what POST /api/telemetry accepts (not API keys). */
	sessionCookie?: string;
	durationS: number;
	connections: number;
	/** Stop after this many requests instead of after durationS (warm-ups). */
	amount?: number;
}

const limit = (o: LoadOptions) => (o.amount ? { amount: o.amount } : { duration: o.durationS });

/** POST `body()` as JSON to `path` with the API key, as fast as the connections allow. */
async function loadPost(name: string, o: LoadOptions, path: string, batch: number, body: () => unknown): Promise<LoadResult> {
	const r = await run({
		url: `${o.origin}${path}`,
		connections: o.connections,
		...limit(o),
		timeout: 30,
		headers: {
			...(path === '/api/telemetry' && o.sessionCookie ? { cookie: o.sessionCookie } : { authorization: `Bearer ${o.apiKey}` }),
			'content-type': 'application/json'
		},
		requests: [{ method: 'POST', setupRequest: (request: CannonRequest) => ({ ...request, body: JSON.stringify(body()) }) }]
	});
	return toResult(name, batch, o.connections, r);
}

/** POST /api/telemetry with `batch` new events per request (unique ids: nothing is a duplicate). */
export function loadTelemetry(name: string, o: LoadOptions, batch: number): Promise<LoadResult> {
	let n = 0;
	return loadPost(name, o, '/api/telemetry', batch, () => ({ events: Array.from({ length: batch }, () => telemetryEvent(n++)) }));
}

/** POST /api/classify with `batch` descriptions per request. */
export function loadClassify(name: string, o: LoadOptions, texts: readonly string[], batch: number): Promise<LoadResult> {
	let n = 0;
	return loadPost(name, o, '/api/classify', batch, () => ({ texts: Array.from({ length: batch }, () => texts[n++ % texts.length]) }));
}
