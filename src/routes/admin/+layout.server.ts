import type { LayoutServerLoad } from './$types';
import { requirePageRole } from '#lib/server/auth/guard.ts';

// Every page under /admin (the models page included) is for admins: anonymous visitors
// sign in first, other roles get 403 with a plain message.
export const load: LayoutServerLoad = async (event) => {
	const user = requirePageRole(event, ['admin']);
	return { admin: { username: user.username } };
};
