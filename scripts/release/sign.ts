/**
 * The release's signing step: a freshly trained candidate is signed (MODEL_SIGNING_KEY
 * from the CI secret store, else the development key, with a warning); a registered
 * candidate (--candidate) must already carry a signature a trusted key made, so the
 * release never launders a bundle that was changed after training.
 */
import { resolveTrustedKeys } from '#lib/bundle/trusted-keys.ts';
import { ConfigError } from '#lib/node/errors.ts';
import { loadSigningKey, signBundle, verifyBundle } from '#lib/registry/signing.ts';

export interface SignCandidateOptions {
	modelsDir: string;
	version: string;
	/** True for a bundle trained by this run; false for --candidate VERSION. */
	trainedNow: boolean;
	log: (line: string) => void;
	env?: NodeJS.ProcessEnv;
}

/** Returns a one-line summary for the stage log. */
export async function signCandidate(options: SignCandidateOptions): Promise<string> {
	const { modelsDir, version } = options;
	const env = options.env ?? process.env;
	const trust = resolveTrustedKeys(env);
	if (!options.trainedNow) {
		const { keyId } = await verifyBundle(modelsDir, version, trust.keys);
		return `${version}: signature by ${keyId} verified`;
	}
	const key = await loadSigningKey(env);
	// Fail here, not at the smoke test: a bundle this release's own server and app would refuse.
	if (!Object.hasOwn(trust.keys, key.keyId))
		throw new ConfigError(
			`The signing key ${key.keyId}${key.development ? ' (the development key: MODEL_SIGNING_KEY is not set)' : ''} is not among the ${trust.profile} keys this release trusts. Set MODEL_SIGNING_KEY to a production key, or pin its public key in src/lib/bundle/trusted-keys.ts.`
		);
	if (key.development)
		options.log('  signed with the DEVELOPMENT key (MODEL_SIGNING_KEY is not set): production servers and apps refuse this bundle.');
	await signBundle(modelsDir, version, key);
	await verifyBundle(modelsDir, version, trust.keys);
	return `${version} signed by ${key.keyId}${key.development ? ' (development key)' : ''}`;
}
