import { describe, expect, it } from 'vitest';
import { parseTelemetryEvent } from '#lib/telemetry/event.ts';
import type { Classification } from '#lib/inference/types.ts';
import { MAX_EXPLAIN_TEXTS, MAX_TEXTS, validateClassifyRequest } from './contract.ts';
import { serverPredictionEvents } from '#lib/telemetry/factory.ts';

describe('validateClassifyRequest', () => {
	it('accepts 1 to 1000 descriptions of up to 2000 characters', () => {
		expect(validateClassifyRequest({ texts: ['Steel 1999'] }, false)).toEqual({ ok: true, texts: ['Steel 1999'] });
		expect(validateClassifyRequest({ texts: Array(MAX_TEXTS).fill('x'.repeat(2000)) }, false).ok).toBe(true);
	});

	it('answers 413 past 1000 descriptions, or 100 with explain', () => {
		expect(validateClassifyRequest({ texts: Array(MAX_TEXTS + 1).fill('Steel') }, false)).toMatchObject({
			ok: false,
			status: 413,
			message: expect.stringMatching(/1001 descriptions; the limit is 1000/)
		});
		expect(validateClassifyRequest({ texts: Array(MAX_EXPLAIN_TEXTS + 1).fill('Steel') }, true)).toMatchObject({ ok: false, status: 413 });
		expect(validateClassifyRequest({ texts: Array(MAX_EXPLAIN_TEXTS).fill('Steel') }, true).ok).toBe(true);
	});

	it('names every bad description by index and classifies nothing', () => {
		const result = validateClassifyRequest({ texts: ['ok', '', 'x'.repeat(2001), '  '] }, false);
		expect(result).toMatchObject({ ok: false, status: 400 });
		expect(!result.ok && result.issues.map((i) => [i.path, i.code])).toEqual([
			['texts.1', 'EMPTY_TEXT'],
			['texts.2', 'TEXT_TOO_LONG'],
			['texts.3', 'EMPTY_TEXT']
		]);
	});

	it('explains a wrong body shape', () => {
		for (const body of [null, [], { texts: [] }, { texts: 'Steel' }, { texts: ['a', 1] }, { texts: ['a'], extra: 1 }]) {
			const result = validateClassifyRequest(body, false);
			expect(result).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/^Send JSON \{"texts"/) });
		}
	});
});

describe('serverPredictionEvents', () => {
	const verdict = (model: string, probability: number): Classification => ({
		label: probability >= 0.5 ? 1 : 0,
		probability,
		confidence: Math.max(probability, 1 - probability),
		needsReview: false,
		reviewReasons: [],
		model,
		tokenCount: 6,
		oovCount: 1,
		truncated: false
	});

	it('builds valid anonymized telemetry events with backend "server" and the shadow verdict', () => {
		const events = serverPredictionEvents([verdict('v2', 0.9), verdict('v2', 0.1)], [verdict('v3', 0.8), verdict('v3', 0.6)], {
			appVersion: '1.0.0',
			threads: 1,
			latencyMs: 10
		});
		for (const e of events) expect(parseTelemetryEvent(e).success).toBe(true);
		expect(events.map((e) => [e.backend, e.modelVersion, e.label, e.latencyMs, e.shadow?.label])).toEqual([
			['server', 'v2', 1, 5, 1],
			['server', 'v2', 0, 5, 1]
		]);
		expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
		expect(Object.keys(events[0]).sort()).toEqual(
			[
				'appVersion',
				'backend',
				'eventId',
				'kind',
				'label',
				'latencyMs',
				'modelVersion',
				'oovCount',
				'overrideLabel',
				'overridden',
				'probability',
				'shadow',
				'threads',
				'time',
				'tokenCount'
			].sort()
		);
	});
});
