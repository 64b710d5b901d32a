/** Display helpers shared by the status components. */

export function bytes(n: number): string {
	if (n < 1e6) return `${Math.round(n / 1e3)} kB`;
	if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
	return `${(n / 1e9).toFixed(2)} GB`;
}

export function when(iso: string | null): string {
	if (!iso) return 'never';
	const d = new Date(iso);
	return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}
