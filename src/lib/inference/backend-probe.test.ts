import { describe, expect, it } from 'vitest';
import { probeWebGpu, wasmThreads } from './backend-probe.ts';

describe('probeWebGpu', () => {
	it('reports a browser without navigator.gpu as unavailable, with the reason', async () => {
		const probe = await probeWebGpu({});
		expect(probe.available).toBe(false);
		expect(probe.reason).toMatch(/no WebGPU/);
	});

	it('treats a null adapter (blocklisted GPU) as unavailable', async () => {
		const probe = await probeWebGpu({ gpu: { requestAdapter: async () => null } });
		expect(probe).toMatchObject({ available: false, adapter: null });
		expect(probe.reason).toMatch(/no WebGPU adapter/);
	});

	it('treats a throwing requestAdapter as unavailable instead of failing the load', async () => {
		const probe = await probeWebGpu({
			gpu: {
				requestAdapter: async () => {
					throw new Error('GPU process crashed');
				}
			}
		});
		expect(probe.available).toBe(false);
		expect(probe.reason).toContain('GPU process crashed');
	});

	it('describes a working adapter, its features and whether it is a software fallback', async () => {
		const adapter = {
			info: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true },
			features: new Set(['shader-f16', 'float32-filterable'])
		};
		const probe = await probeWebGpu({ gpu: { requestAdapter: async () => adapter } });
		expect(probe).toMatchObject({ available: true, reason: null, adapter: 'google swiftshader', fallbackAdapter: true });
		expect(probe.features).toEqual(['float32-filterable', 'shader-f16']);
		expect(Object.isFrozen(probe)).toBe(true);
	});
});

describe('wasmThreads', () => {
	it('uses one thread without cross-origin isolation (no SharedArrayBuffer)', () => {
		expect(wasmThreads(false, 8)).toBe(1);
	});

	it('uses every core when isolated, up to the cap', () => {
		expect(wasmThreads(true, 3)).toBe(3);
		expect(wasmThreads(true, 16)).toBe(4);
		expect(wasmThreads(true, 16, 8)).toBe(8);
	});

	it('uses both cores of a 2-core device, and one thread on one core', () => {
		expect(wasmThreads(true, 2)).toBe(2);
		expect(wasmThreads(true, 1)).toBe(1);
	});

	it('falls back to one thread when the core count is unknown', () => {
		expect(wasmThreads(true, undefined)).toBe(1);
		expect(wasmThreads(true, 0)).toBe(1);
	});
});
