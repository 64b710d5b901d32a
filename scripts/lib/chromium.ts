/**
 * How every tool here launches Chromium: Playwright specs, the release smoke test and
 * the benchmarks. Debian's package (`apt-get install -y chromium`), because Playwright
 * cannot download its own browser on these machines. Without the background-networking
 * flags Chromium keeps dialling out to a closed network.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
	'--no-sandbox',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

/** WebGPU in headless Chromium (a SwiftShader adapter: correct, slow). */
export const WEBGPU_ARGS: readonly string[] = ['--enable-unsafe-webgpu'];
