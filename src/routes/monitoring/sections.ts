/**
 * Extra sections of the monitoring page, each its own component, shown after the
 * built-in charts and tables in this order. To add one, import it and add ONE line:
 *   { id: 'realized-performance', title: 'Realized performance', component: RealizedPerformance },
 * A section gets the shown summary, the API query of the current filter (e.g.
 * "last=7d&model=v3": fetch your own endpoint with it) and `loads`, which increases on
 * every refresh (re-read your data when it changes). Offline, `offline` is true.
 */
import type { Component } from 'svelte';
import RealizedSection from './realized-section.svelte';
import RescanPanel from './rescan-panel.svelte';

export type { SectionProps } from './section-props.ts';
import type { SectionProps } from './section-props.ts';

export interface MonitoringSection {
	id: string;
	title: string;
	component: Component<SectionProps>;
}

export const SECTIONS: MonitoringSection[] = [
	{ id: 'realized-performance', title: 'Realized performance', component: RealizedSection },
	{ id: 'rescans', title: 'Verdicts changed by new models', component: RescanPanel }
];
