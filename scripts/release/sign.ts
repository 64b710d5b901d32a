/**
 * The release's signing step: a freshly trained candidate is signed (MODEL_SIGNING_KEY
 * from the CI secret store, else the development key, with a warning); a registered
 * candidate (--candidate) must already carry a signature a trusted key made, so the
 * release never launders a bundle that was changed after training.
 */
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
	if (!options.trainedNow) {
		const { keyId } = await verifyBundle(modelsDir, version);
		return `${version}: signature by ${keyId} verified`;
	}
	const key = await loadSigningKey(options.env);
	if (key.development)
		options.log('  signed with the DEVELOPMENT key (MODEL_SIGNING_KEY is not set): production servers and apps refuse this bundle.');
	await signBundle(modelsDir, version, key);
	await verifyBundle(modelsDir, version, { [key.keyId]: key.publicKey });
	return `${version} signed by ${key.keyId}${key.development ? ' (development key)' : ''}`;
}
