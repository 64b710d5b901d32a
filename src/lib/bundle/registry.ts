/**
 * The model registry (`models/registry.json`): every version with its status and
 * headline metrics, the `champion` / `challenger` aliases, and an append-only history
 * of decisions. Pure functions here; file I/O lives with the callers (Node only).
 */
import { z } from '#lib/zod.ts';
import { CodedError } from '../errors.ts';

export const REGISTRY_SCHEMA_VERSION = 1;

export const versionStatus = z.enum(['registered', 'champion', 'challenger', 'archived', 'rejected']);

export const registryEntrySchema = z.object({
	version: z.string(),
	created: z.iso.datetime(),
	status: versionStatus,
	/** Relative to the models root. */
	manifest: z.string(),
	metrics: z.object({ accuracy: z.number(), f1: z.number() }).catchall(z.unknown()),
	/** Bytes of the ONNX file (what a model update downloads). */
	modelBytes: z.number().int().nonnegative(),
	vocabulary: z.string(),
	/** Regulation id the model was trained for (absent in older entries = cutoff-1995). */
	regulation: z.string().optional()
});

export const registryEventSchema = z.object({
	at: z.iso.datetime(),
	action: z.enum(['register', 'promote', 'reject', 'challenger', 'rollback', 'archive', 'approve-regulation-change']),
	version: z.string(),
	previousChampion: z.string().nullable(),
	by: z.string(),
	reason: z.string()
});

export const registrySchema = z.object({
	schemaVersion: z.literal(REGISTRY_SCHEMA_VERSION),
	aliases: z.object({ champion: z.string().nullable(), challenger: z.string().nullable() }),
	versions: z.array(registryEntrySchema),
	history: z.array(registryEventSchema)
});

export type VersionStatus = z.infer<typeof versionStatus>;
export type RegistryEntry = z.infer<typeof registryEntrySchema>;
export type RegistryEvent = z.infer<typeof registryEventSchema>;
export type Registry = z.infer<typeof registrySchema>;

export function emptyRegistry(): Registry {
	return { schemaVersion: REGISTRY_SCHEMA_VERSION, aliases: { champion: null, challenger: null }, versions: [], history: [] };
}

export class RegistryError extends CodedError<'REGISTRY_INVALID'> {
	constructor(message: string) {
		super('REGISTRY_INVALID', message);
	}
}

export function parseRegistry(json: unknown, source = 'registry'): Registry {
	const result = registrySchema.safeParse(json);
	if (!result.success) {
		const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
		throw new RegistryError(`${source} is not a valid registry: ${issues}`);
	}
	return result.data;
}
