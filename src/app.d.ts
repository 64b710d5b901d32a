// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	/** Model-signing keys pinned at build time (vite.config.ts; src/lib/inference/pinned-keys.ts). */
	const __TRUSTED_MODEL_KEYS__: Readonly<Record<string, string>>;

	namespace App {
		// interface Error {}
		interface Locals {
			/** Set by hooks.server.ts from the session cookie or an API key; null when anonymous. */
			user: import('#lib/server/auth/users.ts').AuthUser | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
