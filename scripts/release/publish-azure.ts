/**
 * Azure Blob Storage origin. The connection string comes from the environment
 * (AZURE_STORAGE_CONNECTION_STRING), never from the repository or the command line.
 * Content-Type and Cache-Control are set on each blob; the body's sha256 is kept in
 * the blob metadata so a re-publish skips unchanged blobs. A block blob upload is
 * committed at once: readers see the old blob or the new one.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { PublishError, type ObjectHeaders, type PublishTarget } from './publish-target.ts';

export const AZURE_CONNECTION_ENV = 'AZURE_STORAGE_CONNECTION_STRING';

export class AzureBlobTarget implements PublishTarget {
	readonly name: string;
	readonly #container: ContainerClient;

	constructor(containerName: string, connectionString: string | undefined = process.env[AZURE_CONNECTION_ENV]) {
		if (!connectionString) {
			throw new PublishError(
				'PUBLISH_CONFIG',
				`Set ${AZURE_CONNECTION_ENV} in the environment (a pipeline secret) to publish to Azure container "${containerName}".`
			);
		}
		this.#container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName);
		this.name = `azure container ${containerName}`;
	}

	async open(): Promise<void> {
		await this.#container.createIfNotExists();
	}

	async existingHash(key: string): Promise<string | null> {
		try {
			const props = await this.#container.getBlockBlobClient(key).getProperties();
			return props.metadata?.sha256 ?? null;
		} catch (error) {
			if ((error as { statusCode?: number }).statusCode === 404) return null;
			throw error;
		}
	}

	async put(key: string, body: Uint8Array, headers: ObjectHeaders): Promise<void> {
		await this.#container.getBlockBlobClient(key).uploadData(body, {
			blobHTTPHeaders: { blobContentType: headers.contentType, blobCacheControl: headers.cacheControl },
			metadata: { sha256: headers.sha256 }
		});
	}

	async get(key: string): Promise<Uint8Array | null> {
		try {
			return new Uint8Array(await this.#container.getBlockBlobClient(key).downloadToBuffer());
		} catch (error) {
			if ((error as { statusCode?: number }).statusCode === 404) return null;
			throw error;
		}
	}

	/** Content-Type and Cache-Control of a blob (tests and diagnostics). */
	async headersOf(key: string): Promise<{ contentType?: string; cacheControl?: string } | null> {
		try {
			const p = await this.#container.getBlockBlobClient(key).getProperties();
			return { contentType: p.contentType, cacheControl: p.cacheControl };
		} catch (error) {
			if ((error as { statusCode?: number }).statusCode === 404) return null;
			throw error;
		}
	}
}
