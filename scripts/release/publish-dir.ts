/**
 * Directory origin (the default target): a folder a web server or CDN serves as is.
 * Each file is written to a temp name and renamed, so readers never see half a file.
 * Headers cannot live in a plain folder: the stored sha256 is the file's own hash, and
 * the cache rules are written to `_headers` (Netlify / Cloudflare Pages format).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectHeaders, PublishTarget } from './publish-target.ts';

export class DirectoryTarget implements PublishTarget {
	readonly name: string;
	readonly #root: string;

	constructor(root: string) {
		this.#root = path.resolve(root);
		this.name = `dir ${this.#root}`;
	}

	#file(key: string): string {
		const file = path.resolve(this.#root, ...key.split('/'));
		if (!file.startsWith(this.#root + path.sep)) throw new Error(`Key "${key}" leaves the publish folder`);
		return file;
	}

	async open(): Promise<void> {
		await mkdir(this.#root, { recursive: true });
	}

	async get(key: string): Promise<Uint8Array | null> {
		try {
			return new Uint8Array(await readFile(this.#file(key)));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw error;
		}
	}

	async existingHash(key: string): Promise<string | null> {
		const bytes = await this.get(key);
		return bytes ? createHash('sha256').update(bytes).digest('hex') : null;
	}

	async put(key: string, body: Uint8Array, _headers: ObjectHeaders): Promise<void> {
		const file = this.#file(key);
		await mkdir(path.dirname(file), { recursive: true });
		const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
		try {
			await writeFile(temp, body);
			await rename(temp, file);
		} catch (error) {
			await rm(temp, { force: true });
			throw error;
		}
	}
}
