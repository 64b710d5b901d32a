/**
 * A fraction as a percentage for people: percent(0.1234) is "12.3%", percent(0.1234, 2)
 * "12.34%". Null or undefined (no value yet) gives `missing`. Used by the monitoring
 * page and alerts, the CLIs and the release log; safe in the browser and in Node.
 */
export function percent(fraction: number | null | undefined, digits = 1, missing = '–'): string {
	return typeof fraction === 'number' ? `${(fraction * 100).toFixed(digits)}%` : missing;
}
