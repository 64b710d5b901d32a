/** What every extra section of the monitoring page gets (sections.ts). */
import type { MonitoringSummary } from '#lib/server/monitoring/types.ts';

export interface SectionProps {
	summary: MonitoringSummary;
	query: string;
	loads: number;
	offline: boolean;
}
