/**
 * Telemetry for the monitoring specs: a batch whose label mix is chosen but whose
 * confidence, within each label, follows the champion's reference (its manifest), so the
 * page should report a label-mix shift and no input drift.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type APIRequestContext } from '@playwright/test';
import { predictionEvent } from '#tests/support/telemetry-events.ts';
import type { TelemetryEventInput } from '#lib/telemetry/event.ts';

const MODELS = process.env.MODELS_DIR ?? 'models';

export function champion(): { version: string; edges: number[]; proportions: number[] } {
	const registry = JSON.parse(readFileSync(path.join(MODELS, 'registry.json'), 'utf8'));
	const version: string = registry.aliases.champion;
	const manifest = JSON.parse(readFileSync(path.join(MODELS, version, 'manifest.json'), 'utf8'));
	return { version, ...manifest.referenceDistribution };
}

/** `n` probabilities spread over the bins of one side of 0.5 in the reference's proportions (largest remainder). */
function spread(n: number, edges: number[], proportions: number[], above: boolean): number[] {
	const bins = proportions.map((p, i) => ({ p, mid: (edges[i] + edges[i + 1]) / 2 })).filter((b) => b.mid >= 0.5 === above);
	const total = bins.reduce((a, b) => a + b.p, 0);
	const exact = bins.map((b) => (n * b.p) / total);
	const counts = exact.map(Math.floor);
	const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0]);
	const missing = n - counts.reduce((a, b) => a + b, 0);
	for (let k = 0; k < missing; k++) counts[order[k][1]]++;
	return bins.flatMap((b, i) => Array<number>(counts[i]).fill(b.mid));
}

/** `total` predictions of the champion at `time` (ms), `nonCompliant` of them labelled non-compliant. */
export function labelMixBatch(total: number, nonCompliant: number, time: number): TelemetryEventInput[] {
	const { version, edges, proportions } = champion();
	const probabilities = [...spread(nonCompliant, edges, proportions, true), ...spread(total - nonCompliant, edges, proportions, false)];
	return probabilities.map((probability, i) =>
		predictionEvent({
			time: new Date(time + (i % 60) * 1000).toISOString(),
			modelVersion: version,
			label: probability >= 0.5 ? 1 : 0,
			probability,
			tokenCount: 9,
			oovCount: 1
		})
	);
}

export async function sendTelemetry(api: APIRequestContext, events: TelemetryEventInput[]): Promise<void> {
	for (let i = 0; i < events.length; i += 500) {
		const res = await api.post('/api/telemetry', {
			data: { events: events.slice(i, i + 500) },
			headers: { 'x-device-id': 'e2e-monitoring-01' }
		});
		expect(res.status(), await res.text()).toBe(200);
	}
}
