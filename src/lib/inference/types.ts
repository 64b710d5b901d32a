/** Plain-data types shared by every inference front end (worker, CLI, HTTP service). */

export type Label = 0 | 1;

export interface Classification {
	label: Label;
	/** P(non-compliant). */
	probability: number;
	/** max(p, 1 - p): how sure the model is of the label it gave. */
	confidence: number;
	needsReview: boolean;
	/** Why it needs review, in plain words for the UI ("no manufacture year found", ...; see REVIEW_REASON_TEXT). */
	reviewReasons: string[];
	model: string;
	tokenCount: number;
	oovCount: number;
	truncated: boolean;
}

export interface TokenContribution {
	text: string;
	start: number;
	end: number;
	kind: string;
	correctedTo?: string;
	/** Change of P(non-compliant) when this token is hidden: positive = pushed towards non-compliant. */
	contribution: number;
}

export interface Explanation extends Classification {
	tokens: TokenContribution[];
}
