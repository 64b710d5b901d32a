/** Sends a review decision (POST /api/review/{id}); the server's message comes back as the error. */
import type { ReviewItem } from '#lib/server/review/contract.ts';

export type DecisionKind = 'confirm' | 'correct' | 'reject';

/** The label the item shows: the technician's override, else the model's. */
export const shownLabel = (item: Pick<ReviewItem, 'label' | 'override'>): 0 | 1 => item.override ?? item.label;

export async function sendDecision(item: ReviewItem, decision: DecisionKind, note: string): Promise<ReviewItem> {
	const body: { decision: DecisionKind; label?: 0 | 1; note?: string } = { decision };
	if (decision === 'correct') body.label = shownLabel(item) === 1 ? 0 : 1;
	if (note.trim()) body.note = note.trim();
	const response = await fetch(`/api/review/${encodeURIComponent(item.id)}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	const payload = (await response.json().catch(() => ({}))) as { item?: ReviewItem; message?: string };
	if (!response.ok || !payload.item) throw new Error(payload.message ?? `The server answered ${response.status}.`);
	return payload.item;
}
