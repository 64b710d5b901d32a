/**
 * Where a release is published: a CDN origin. Two implementations: a directory
 * (publish-dir.ts, default) and Azure Blob Storage (publish-azure.ts). The publisher
 * (publish.ts) decides order and caching; a target only stores bytes with headers.
 */
import { CodedError } from '#lib/errors.ts';

export interface ObjectHeaders {
	contentType: string;
	cacheControl: string;
	/** Hex sha256 of the body, kept with the object so re-publishing can skip it. */
	sha256: string;
}

export interface PublishTarget {
	/** For logs: "dir /srv/cdn", "azure container releases". */
	readonly name: string;
	/** Prepare (create the folder / container). */
	open(): Promise<void>;
	/** The stored sha256 of `key`, or null when it does not exist. */
	existingHash(key: string): Promise<string | null>;
	/** Store `body` at `key`; a reader sees the old object or the new one, never a partial one. */
	put(key: string, body: Uint8Array, headers: ObjectHeaders): Promise<void>;
	/** The object, or null when it does not exist. */
	get(key: string): Promise<Uint8Array | null>;
}

export class PublishError extends CodedError<'PUBLISH_CONFLICT' | 'PUBLISH_INTERRUPTED' | 'PUBLISH_CONFIG' | 'PUBLISH_FAILED'> {}
