import type { PageServerLoad } from './$types';
import { requirePageRole } from '#lib/server/auth/guard.ts';
import { listReviewItems } from '#lib/server/review/http.ts';
import { REVIEW_ROLES } from '#lib/server/review/contract.ts';
import { reviewDeps } from '../api/review/deps.ts';

/** Items shown per visit; the page asks for more when the list runs out. */
const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, REVIEW_ROLES);
	const status = event.url.searchParams.get('status') === 'decided' ? 'decided' : 'pending';
	const deps = await reviewDeps();
	const url = new URL(`http://review.local/api/review?status=${status}&limit=${PAGE_SIZE}&explain=1`);
	const { items } = await listReviewItems({ locals: event.locals, url }, deps);
	return { user, status, items, auditRate: deps.auditRate };
};
