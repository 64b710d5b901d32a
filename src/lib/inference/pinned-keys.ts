/**
 * The model-signing keys pinned in this app build: vite.config.ts resolves them at build
 * time (TRUSTED_MODEL_KEYS; src/lib/bundle/trusted-keys.ts) and bakes them in here, so
 * the worker trusts exactly the keys of the build it ships with.
 */
import type { TrustedKeys } from '../bundle/signature.ts';

export const PINNED_MODEL_KEYS: TrustedKeys = Object.freeze({ ...__TRUSTED_MODEL_KEYS__ });
