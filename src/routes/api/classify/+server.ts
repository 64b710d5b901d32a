/**
 * POST /api/classify[?explain=1]  {"texts": ["...", ...]}   (API key or session; technician or admin)
 * -> 200 {model, results: [{label, probability, needsReview, reviewReasons, tokens?}]}
 * -> 400 {message, issues} bad body or descriptions (nothing is classified)
 * -> 401 / 403, 413 body over 8 MiB or too many descriptions, 429 per API key (Retry-After), 503 model not loaded yet
 * ?explain=1 has its own cost limits (characters per minute, requests in progress, a fair queue): explain-limits.ts
 * Same featurizer, ONNX file and thresholds as the app and the batch CLI; the champion
 * in models/registry.json answers, the challenger (if any) runs in shadow for telemetry.
 */
import { createHash } from 'node:crypto';
import { error, type RequestHandler } from '@sveltejs/kit';
import { version as appVersion } from '$app/env';
import { requireRole } from '#lib/server/auth/guard.ts';
import { serverContext } from '#lib/server/context.ts';
import { readJson } from '#lib/server/http/read-json.ts';
import { modelService } from '#lib/server/model-service.ts';
import { storeEvents } from '#lib/server/telemetry/ingest.ts';
import type { Classifier } from '#lib/inference/classifier.ts';
import type { Classification } from '#lib/inference/types.ts';
import {
	CLASSIFY_ROLES,
	MAX_CLASSIFY_BODY_BYTES,
	TEXTS_PER_MINUTE,
	validateClassifyRequest,
	type ClassifyResponse,
	type ClassifyResult
} from './contract.ts';
import { serverPredictionEvents } from '#lib/telemetry/factory.ts';
import { memoryLimiter } from '#lib/server/shared-rate-limit.ts';
import { EXPLAIN_CHARS_PER_MINUTE, ExplainLimits } from './explain-limits.ts';
import { explainInJobs } from './explain-in-jobs.ts';

// Per process, like the work it bounds: each server explains with its own CPU.
const explainLimits = new ExplainLimits(
	memoryLimiter({ name: 'classify-explain-chars', limit: EXPLAIN_CHARS_PER_MINUTE, windowMs: 60_000 })
);
const NO_STORE = { 'cache-control': 'no-store' };

function explainFlag(value: string | null): boolean {
	if (value === null || value === '0' || value === 'false') return false;
	if (value === '' || value === '1' || value === 'true') return true;
	error(400, `explain must be 1 or 0, got "${value}".`);
}

/** Rate-limit bucket: each API key on its own (a service account may have several), else the signed-in user. */
function callerKey(request: Request, userId: string): string {
	const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
	// Hashed so that no key sits in memory in the clear for longer than the request.
	return bearer ? `key:${createHash('sha256').update(bearer[1]).digest('hex')}` : `user:${userId}`;
}

/** The challenger's verdicts for telemetry; its failure never fails the request. */
async function shadowRun(challenger: Classifier, texts: string[]): Promise<Classification[] | null> {
	try {
		return await challenger.classify(texts);
	} catch (e) {
		console.error(`classify: shadow model ${challenger.version} failed:`, e);
		return null;
	}
}

export const POST: RequestHandler = async (event) => {
	const user = requireRole(event, CLASSIFY_ROLES);
	const explain = explainFlag(event.url.searchParams.get('explain'));
	const checked = validateClassifyRequest(await readJson(event.request, MAX_CLASSIFY_BODY_BYTES), explain);
	if (!checked.ok) return Response.json({ message: checked.message, issues: checked.issues }, { status: checked.status });
	const { texts } = checked;

	const caller = callerKey(event.request, user.id);
	const decision = await (await serverContext()).classifyLimiter.consume(caller, texts.length);
	if (!decision.ok) {
		return Response.json(
			{ message: `Rate limit of ${TEXTS_PER_MINUTE} descriptions per minute reached; retry in ${decision.retryAfterSeconds} s.` },
			{ status: 429, headers: { 'retry-after': String(decision.retryAfterSeconds) } }
		);
	}
	let release = () => {};
	if (explain) {
		const admission = await explainLimits.admit(
			caller,
			texts.reduce((n, t) => n + t.length, 0)
		);
		if (!admission.ok) {
			return Response.json(
				{ message: admission.message, code: 'EXPLAIN_LIMIT' },
				{ status: 429, headers: { 'retry-after': String(admission.retryAfterSeconds), ...NO_STORE } }
			);
		}
		release = admission.release;
	}
	try {
		return await classifyAndAnswer(texts, explain, caller);
	} finally {
		release();
	}
};

async function classifyAndAnswer(texts: string[], explain: boolean, caller: string): Promise<Response> {
	const service = modelService();
	if (!service.ready) {
		return Response.json(
			{ message: 'The model is still loading; retry in a few seconds.', code: 'NOT_READY' },
			{ status: 503, headers: { 'retry-after': '5' } }
		);
	}
	// Taken once: if the champion is switched meanwhile, this request finishes on this one.
	const champion = service.champion;
	const challenger = service.challenger;

	const started = performance.now();
	let verdicts: Classification[];
	let results: ClassifyResult[];
	if (explain) {
		const explained = [];
		for (const text of texts) explained.push(await explainInJobs(champion, text, (job) => explainLimits.queue.run(caller, job)));
		verdicts = explained;
		results = explained.map((e) => ({
			label: e.label,
			probability: e.probability,
			needsReview: e.needsReview,
			reviewReasons: e.reviewReasons,
			tokens: e.tokens
		}));
	} else {
		verdicts = await champion.classify(texts);
		results = verdicts.map((v) => ({
			label: v.label,
			probability: v.probability,
			needsReview: v.needsReview,
			reviewReasons: v.reviewReasons
		}));
	}
	const latencyMs = performance.now() - started;
	const shadow = challenger ? await shadowRun(challenger, texts) : null;

	try {
		const events = serverPredictionEvents(verdicts, shadow, { appVersion, threads: service.threads, latencyMs });
		await storeEvents((await serverContext()).database.db, events);
	} catch (e) {
		// Telemetry must never cost a caller its answer.
		console.error('classify: telemetry not stored:', e);
	}

	const body: ClassifyResponse = { model: champion.version, results };
	return Response.json(body, { headers: NO_STORE });
}
