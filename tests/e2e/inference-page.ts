/**
 * Helpers for the inference e2e specs: open the classify screen, reach the inference
 * worker (its `self.inferenceApi`, see src/lib/inference/worker.ts) and its telemetry.
 */
import { expect, type Page, type Worker } from '@playwright/test';
import type { ClassifyResult, EngineStatus, LoadResult } from '#lib/inference/protocol.ts';
import type { TelemetryEventInput } from '#lib/telemetry/event.ts';
import { signInPage } from '../support/session.ts';

/** Open the classify screen, signing in as a technician when the app asks. */
export async function gotoClassifier(page: Page): Promise<void> {
	await page.goto('/');
	if (new URL(page.url()).pathname === '/login') await signInPage(page, 'technician', '/');
}

/** Open the classify screen and wait until a model serves. */
export async function openClassifier(page: Page, expectVersion?: string): Promise<void> {
	await gotoClassifier(page);
	await expect(page.getByTestId('model-version')).toHaveText(expectVersion ? `Model ${expectVersion}` : /^Model \S+/, { timeout: 90_000 });
}

export interface WorkerHandle {
	classify(texts: string[]): Promise<ClassifyResult[]>;
	status(): Promise<EngineStatus>;
	load(): Promise<LoadResult>;
	/** Telemetry events the worker emitted (its diagnostics ring), whatever the page does with them. */
	telemetry(): Promise<TelemetryEventInput[]>;
}

export async function inferenceWorker(page: Page): Promise<WorkerHandle> {
	let worker: Worker | undefined;
	await expect
		.poll(async () => {
			// Only our worker's bundle: ORT's WASM thread workers never answer evaluate().
			worker = page.workers().find((w) => new URL(w.url()).pathname.startsWith('/_app/immutable/workers/'));
			return worker !== undefined;
		})
		.toBe(true);
	const w = worker as Worker;
	await expect.poll(() => w.evaluate(() => 'inferenceApi' in self)).toBe(true);
	// Functions passed to evaluate() run inside the worker, where `inferenceApi` is the exposed object.
	type Scope = {
		inferenceApi: {
			classify(t: string[]): Promise<ClassifyResult[]>;
			status(): Promise<EngineStatus>;
			load(): Promise<LoadResult>;
			recentTelemetry(): Promise<TelemetryEventInput[]>;
		};
	};
	return {
		classify: (texts) => w.evaluate((t) => (self as unknown as Scope).inferenceApi.classify(t), texts),
		status: () => w.evaluate(() => (self as unknown as Scope).inferenceApi.status()),
		load: () => w.evaluate(() => (self as unknown as Scope).inferenceApi.load()),
		telemetry: () => w.evaluate(() => (self as unknown as Scope).inferenceApi.recentTelemetry())
	};
}
