/** Publish targets from command-line options: a folder (default) and/or an Azure container. */
import os from 'node:os';
import path from 'node:path';
import { AzureBlobTarget } from './publish-azure.ts';
import { DirectoryTarget } from './publish-dir.ts';
import type { PublishTarget } from './publish-target.ts';

export const DEFAULT_PUBLISH_DIR = 'data/cdn';

export function makeTargets(options: { publishDir?: string | null; azureContainer?: string | null }): PublishTarget[] {
	const targets: PublishTarget[] = [];
	if (options.publishDir !== null) targets.push(new DirectoryTarget(path.resolve(options.publishDir ?? DEFAULT_PUBLISH_DIR)));
	if (options.azureContainer) targets.push(new AzureBlobTarget(options.azureContainer));
	return targets;
}

/** Who decided: --by, else the CI actor, else the local user. */
export function whoDecides(by: string | undefined): string {
	return by ?? process.env.GITHUB_ACTOR ?? process.env.BUILD_REQUESTEDFOR ?? process.env.USER ?? os.userInfo().username;
}
