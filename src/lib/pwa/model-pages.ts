/**
 * The pages that classify on this device, and so load the model: classify, inventory
 * (re-classify an item), bulk scan and documents. Everywhere else (admin, monitoring,
 * review, account) the model is not loaded and the status line says nothing about it.
 */
const MODEL_PAGES: readonly string[] = ['/', '/inventory', '/bulk', '/documents'];

/** Whether the page at `pathname` classifies (a trailing slash or a sub-page counts). */
export function usesModel(pathname: string): boolean {
	const path = pathname.replace(/\/+$/, '') || '/';
	return MODEL_PAGES.some((page) => path === page || (page !== '/' && path.startsWith(`${page}/`)));
}
