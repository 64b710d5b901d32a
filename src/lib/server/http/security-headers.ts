/**
 * Security headers for every response: pages (hooks.server.ts), and static assets,
 * /_app and models (server.js, because adapter-node serves those before hooks run).
 * Cross-origin isolation (COOP + COEP) is what lets onnxruntime-web use WASM threads.
 * Plain data so that server.js, hooks.server.ts and vite.config.ts share one copy.
 */

type Directives = Record<string, string[]>;

/** CSP in SvelteKit's `csp.directives` format (keywords unquoted). */
export const cspDirectives: Directives = {
	'default-src': ['self'],
	// onnxruntime-web compiles its WASM with WebAssembly.instantiate: needs wasm-unsafe-eval.
	'script-src': ['self', 'wasm-unsafe-eval'],
	// ORT and comlink may start workers from blob: URLs.
	'worker-src': ['self', 'blob:'],
	// Svelte and chart.js set inline style attributes.
	'style-src': ['self', 'unsafe-inline'],
	'img-src': ['self', 'data:', 'blob:'],
	'font-src': ['self'],
	'connect-src': ['self'],
	'manifest-src': ['self'],
	'object-src': ['none'],
	'base-uri': ['self'],
	'form-action': ['self'],
	'frame-ancestors': ['none']
};

const KEYWORDS = new Set(['self', 'none', 'unsafe-inline', 'unsafe-eval', 'wasm-unsafe-eval', 'strict-dynamic', 'unsafe-hashes']);

export function serializeCsp(directives: Directives): string {
	return Object.entries(directives)
		.map(([name, values]) => [name, ...values.map((v) => (KEYWORDS.has(v) ? `'${v}'` : v))].join(' '))
		.join('; ');
}

/** Headers set on every response (CSP for pages comes from SvelteKit, with its script hashes). */
export const securityHeaders: Readonly<Record<string, string>> = {
	'content-security-policy': serializeCsp(cspDirectives),
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-embedder-policy': 'require-corp',
	'cross-origin-resource-policy': 'same-origin',
	'x-content-type-options': 'nosniff',
	// Not "no-referrer": with it browsers send `Origin: null` on form POSTs and SvelteKit's
	// CSRF check rejects the sign-in form ("Cross-site POST form submissions are forbidden").
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	'permissions-policy': 'camera=(), microphone=(), geolocation=()'
};
