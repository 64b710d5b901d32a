/**
 * Where the models folder is (registry.json, one folder per version, vocab/) and safe
 * paths inside it. Node only; the one place that defines the default.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * This source tree's `models/`: the default of the CLIs, the release pipeline, the bench
 * and training, which all run from the source tree.
 */
export const DEFAULT_MODELS_DIR = path.resolve(import.meta.dirname, '../../../models');

export interface ModelsDirDefaults {
	/** Default process.env. */
	env?: NodeJS.ProcessEnv;
	/** Used when neither the option nor MODELS_DIR is set. Default DEFAULT_MODELS_DIR. */
	fallback?: string;
}

/**
 * The absolute models folder: `option`, else env MODELS_DIR, else `fallback`. Relative
 * paths resolve against the working directory.
 */
export function resolveModelsDir(option?: string, { env = process.env, fallback = DEFAULT_MODELS_DIR }: ModelsDirDefaults = {}): string {
	return path.resolve(option ?? env.MODELS_DIR ?? fallback);
}

/**
 * The absolute path of `relative` inside the models folder, or null when it would
 * leave it (`..`, absolute paths, encoded tricks) or names a hidden file.
 */
export function resolveModelsPath(modelsDir: string, relative: string): string | null {
	if (relative.includes('\0') || relative.includes('\\')) return null;
	const segments = relative.split('/');
	if (segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'))) return null;
	const root = path.resolve(modelsDir);
	const full = path.resolve(root, ...segments);
	return full.startsWith(root + path.sep) ? full : null;
}

/**
 * resolveModelsPath() with symbolic links resolved: the real path of an existing file
 * inside the (real) models folder, or null when it is missing or a link leads outside.
 */
export async function realModelsPath(modelsDir: string, relative: string): Promise<string | null> {
	const file = resolveModelsPath(modelsDir, relative);
	if (!file) return null;
	try {
		const [root, real] = await Promise.all([realpath(modelsDir), realpath(file)]);
		return real.startsWith(root + path.sep) ? real : null;
	} catch {
		return null;
	}
}
