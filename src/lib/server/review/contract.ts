/**
 * The review queue API (analyst, admin):
 *   GET  /api/review?status=pending|decided[&limit=N][&explain=1]
 *        -> {items: ReviewItem[]}
 *   POST /api/review/{id}  {decision: "confirm"|"correct"|"reject", label?: 0|1, note?: string}
 *        -> {item: ReviewItem}
 * confirm: the label shown (the technician's override, else the model's) is right;
 * correct: the right label is the other one (`label` required, and must differ);
 * reject: the item cannot serve as a label (not a component description, facts unclear).
 */
import { z } from 'zod';
import type { Role } from '../db/schema.ts';
import type { RecordReview } from '../../sync/protocol.ts';
import type { TokenContribution } from '../../inference/types.ts';

export const REVIEW_ROLES: readonly Role[] = ['analyst', 'admin'];
export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 500;
export const MAX_NOTE_LENGTH = 500;

/** Why an item is in the queue. */
export type ReviewSource = 'override' | 'needs-review' | 'audit' | 'other';

export interface ReviewItem {
	id: string;
	description: string;
	/** The model's label and P(non-compliant). */
	label: 0 | 1;
	probability: number;
	modelVersion: string;
	needsReview: boolean;
	/** The technician's override label, or null. */
	override: 0 | 1 | null;
	/** The technician's reason for the override, or null. */
	reason: string | null;
	review: RecordReview | null;
	source: ReviewSource;
	partNumber: string | null;
	createdBy: string;
	updatedAt: string;
	/** Words that drove the verdict (explain=1): the current champion's explanation, see `explainedBy`. */
	tokens?: TokenContribution[];
	explainedBy?: string;
}

export const listQuerySchema = z
	.object({
		status: z.enum(['pending', 'decided']).default('pending'),
		limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
		explain: z.enum(['0', '1', 'true', 'false']).default('0')
	})
	.strict();

export const decisionSchema = z
	.object({
		decision: z.enum(['confirm', 'correct', 'reject']),
		label: z.literal([0, 1]).optional(),
		note: z.string().trim().max(MAX_NOTE_LENGTH).optional()
	})
	.strict()
	.superRefine((d, ctx) => {
		if (d.decision === 'correct' && d.label === undefined)
			ctx.addIssue({ code: 'custom', path: ['label'], message: 'correct needs the right label (0 or 1)' });
		if (d.decision === 'reject' && d.label !== undefined)
			ctx.addIssue({ code: 'custom', path: ['label'], message: 'reject takes no label' });
	});

export type Decision = z.infer<typeof decisionSchema>;
