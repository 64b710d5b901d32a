/**
 * The model-signing public keys this code trusts, pinned here (keyId -> base64 of the raw
 * 32-byte Ed25519 key), and the one rule that picks the trusted set:
 *
 *   TRUSTED_MODEL_KEYS=production   PRODUCTION_KEYS only
 *   TRUSTED_MODEL_KEYS=development  PRODUCTION_KEYS + the development key
 *   TRUSTED_MODEL_KEYS={"id":"b64"} exactly these keys (a new key before a code change)
 *   unset                           production when NODE_ENV=production (server only),
 *                                   else development
 *
 * The server reads it at start (config.ts); the app reads it at build time (vite.config.ts
 * bakes the result into the worker). `vite build` always sets NODE_ENV=production, so for
 * the app only TRUSTED_MODEL_KEYS counts: the release pipeline sets it to `production`
 * when it signs with a production key. Key rotation: README, Security.
 */
import { ConfigError } from '../node/errors.ts';
import { fromBase64, type TrustedKeys } from './signature.ts';

/**
 * The development key pair (private half committed as keys/model-signing-dev.pem): local
 * releases, `npm run train` and tests sign with it. Anyone can, so production never trusts it.
 */
export const DEVELOPMENT_KEY_ID = 'ed25519-7f09bcfa385caa80';
export const DEVELOPMENT_KEYS: TrustedKeys = { [DEVELOPMENT_KEY_ID]: 'CcD1ddirc77eNRBcVK0/ge7pQU5LYYfA6kG9J5/8tqc=' };

/**
 * Production keys; their private halves live only in the CI secret store (MODEL_SIGNING_KEY).
 * Add a key with `npm run models -- keygen` (prints the line to paste here). Empty until the
 * first production key is made: a production server or app then refuses every bundle.
 */
export const PRODUCTION_KEYS: TrustedKeys = {};

export type TrustProfile = 'production' | 'development' | 'explicit';

export interface TrustSetting {
	profile: TrustProfile;
	keys: TrustedKeys;
	/** Whether the development key is trusted (the server logs a warning). */
	trustsDevelopmentKey: boolean;
}

export interface TrustEnv {
	TRUSTED_MODEL_KEYS?: string;
	NODE_ENV?: string;
}

function explicitKeys(text: string): TrustedKeys {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = null;
	}
	if (typeof json !== 'object' || json === null || Array.isArray(json))
		throw new ConfigError(
			'TRUSTED_MODEL_KEYS must be "production", "development" or a JSON object {"keyId": "base64 Ed25519 public key"}.'
		);
	for (const [id, key] of Object.entries(json)) {
		let bytes = 0;
		try {
			bytes = typeof key === 'string' ? fromBase64(key).byteLength : 0;
		} catch {
			bytes = 0;
		}
		if (bytes !== 32)
			throw new ConfigError(
				`TRUSTED_MODEL_KEYS: key "${id}" is not a base64 raw Ed25519 public key (32 bytes); see npm run models -- keygen.`
			);
	}
	return json as TrustedKeys;
}

/** The trusted keys for this environment. `useNodeEnv`: false for the app build (see above). */
export function resolveTrustedKeys(env: TrustEnv, { useNodeEnv = true } = {}): TrustSetting {
	const setting = env.TRUSTED_MODEL_KEYS?.trim() ?? '';
	if (setting.startsWith('{')) {
		const keys = explicitKeys(setting);
		return { profile: 'explicit', keys, trustsDevelopmentKey: Object.hasOwn(keys, DEVELOPMENT_KEY_ID) };
	}
	if (setting !== '' && setting !== 'production' && setting !== 'development') explicitKeys(setting);
	const production = setting === 'production' || (setting === '' && useNodeEnv && env.NODE_ENV === 'production');
	return production
		? { profile: 'production', keys: { ...PRODUCTION_KEYS }, trustsDevelopmentKey: false }
		: { profile: 'development', keys: { ...PRODUCTION_KEYS, ...DEVELOPMENT_KEYS }, trustsDevelopmentKey: true };
}
