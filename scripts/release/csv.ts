/** RFC 4180 writing for the small CSV files the release owns (reading uses csv-parse). */
export function csvField(value: string | number | boolean | null | undefined): string {
	const s = value === null || value === undefined ? '' : String(value);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
	return values.map(csvField).join(',');
}
