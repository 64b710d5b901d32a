/**
 * Why a registered version cannot be promoted from the Models page, in plain words, or
 * null when it can. The gate would refuse these anyway; the page says so up front instead
 * of offering a Promote button that can only fail.
 */
export interface PromotionFacts {
	/** The bundle's signature check (the loaders refuse an unusable one). */
	signature: { ok: boolean; detail: string };
	/** The manifest's featurizer version; null when the manifest could not be read. */
	featurizerVersion: string | null;
}

export function promotionBlocker(v: PromotionFacts, currentFeaturizer: string): string | null {
	const reasons: string[] = [];
	if (v.featurizerVersion === null) reasons.push('its manifest cannot be read');
	else if (v.featurizerVersion !== currentFeaturizer)
		reasons.push(`it was built for featurizer ${v.featurizerVersion}, and this app uses featurizer ${currentFeaturizer}`);
	if (!v.signature.ok) reasons.push('its signature does not check out');
	return reasons.length ? `Cannot be promoted: ${reasons.join('; ')}.` : null;
}
