/**
 * The model registry (`<models>/registry.json`, schema in src/lib/bundle/registry.ts):
 * reading it and the decisions that change it. Node only: training, the release
 * pipeline, the CLIs and the server use it. Every change is read-modify-write with an
 * atomic replace (temp file + rename), so a reader never sees a half-written registry;
 * changes within one process are serialized.
 *
 * Models folder: the `modelsDir` option, else resolveModelsDir() (models-dir.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
	emptyRegistry,
	parseRegistry,
	RegistryError,
	type Registry,
	type RegistryEntry,
	type RegistryEvent,
	type VersionStatus
} from '../bundle/registry.ts';
import { CodedError } from '../errors.ts';
import { resolveModelsDir } from './models-dir.ts';

export const REGISTRY_FILE = 'registry.json';

export interface RegistryLocation {
	/** Models folder; default resolveModelsDir(): env MODELS_DIR, else the source tree's models/. */
	modelsDir?: string;
}

export interface Decision extends RegistryLocation {
	/** Who decided: a user, "train", "release" ... */
	by: string;
	reason: string;
}

/** A registry change that contradicts its state (already registered, unknown version ...). */
export class RegistryUpdateError extends CodedError<'REGISTRY_CONFLICT'> {
	constructor(message: string) {
		super('REGISTRY_CONFLICT', message);
	}
}

export function registryPath(options: RegistryLocation = {}): string {
	return path.join(resolveModelsDir(options.modelsDir), REGISTRY_FILE);
}

/** The registry, or an empty one when the file does not exist yet. Throws RegistryError when it is invalid. */
export async function readRegistry(options: RegistryLocation = {}): Promise<Registry> {
	const file = registryPath(options);
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyRegistry();
		throw error;
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new RegistryError(
			`${file} is not valid JSON (${(error as Error).message}); restore it from git (git checkout -- models/registry.json)`
		);
	}
	return parseRegistry(json, file);
}

/** Validate and write atomically: a temp file next to the target, then rename over it. */
export async function writeRegistry(registry: Registry, options: RegistryLocation = {}): Promise<void> {
	const file = registryPath(options);
	const valid = parseRegistry(registry, 'the registry to write');
	await mkdir(path.dirname(file), { recursive: true });
	const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await writeFile(temp, `${JSON.stringify(valid, null, '\t')}\n`);
		await rename(temp, file);
	} catch (error) {
		await rm(temp, { force: true });
		throw error;
	}
}

let queue: Promise<unknown> = Promise.resolve();

/** Read, change and write the registry; calls in this process run one after another. */
export function updateRegistry<T>(options: RegistryLocation, change: (registry: Registry) => T): Promise<T> {
	const run = queue.then(async () => {
		const registry = await readRegistry(options);
		const result = change(registry);
		await writeRegistry(registry, options);
		return result;
	});
	queue = run.catch(() => undefined);
	return run;
}

function event(registry: Registry, action: RegistryEvent['action'], version: string, decision: Decision): void {
	registry.history.push({
		at: new Date().toISOString(),
		action,
		version,
		previousChampion: registry.aliases.champion,
		by: decision.by,
		reason: decision.reason
	});
}

function entryOf(registry: Registry, version: string): RegistryEntry {
	const entry = registry.versions.find((e) => e.version === version);
	if (!entry) {
		const known = registry.versions.map((e) => e.version).join(', ') || 'none';
		throw new RegistryUpdateError(`Model version "${version}" is not registered. Registered versions: ${known}.`);
	}
	return entry;
}

function makeChampion(registry: Registry, version: string, action: 'promote' | 'rollback', decision: Decision): void {
	const entry = entryOf(registry, version);
	if (entry.status === 'rejected')
		throw new RegistryUpdateError(`Version ${version} was rejected; register a new version instead of promoting it.`);
	const previous = registry.aliases.champion;
	if (previous === version) return;
	event(registry, action, version, decision);
	if (previous) entryOf(registry, previous).status = 'archived';
	if (registry.aliases.challenger === version) registry.aliases.challenger = null;
	entry.status = 'champion';
	registry.aliases.champion = version;
}

function makeChallenger(registry: Registry, version: string | null, decision: Decision): void {
	const previous = registry.aliases.challenger;
	if (previous === version) return;
	if (previous) entryOf(registry, previous).status = 'registered';
	registry.aliases.challenger = version;
	if (version === null) return;
	const entry = entryOf(registry, version);
	if (registry.aliases.champion === version)
		throw new RegistryUpdateError(`Version ${version} is the champion; it cannot also be the challenger.`);
	if (entry.status === 'rejected') throw new RegistryUpdateError(`Version ${version} was rejected and cannot run as challenger.`);
	entry.status = 'challenger';
	event(registry, 'challenger', version, decision);
}

export interface RegisterOptions extends Decision {
	/**
	 * Status to register with (default "registered"). The first version of an empty
	 * registry always becomes champion: the app needs one to serve.
	 */
	status?: Extract<VersionStatus, 'registered' | 'champion' | 'challenger' | 'rejected'>;
}

/** Add a version. Throws RegistryUpdateError when it is already registered. Returns the stored entry. */
export function registerVersion(entry: Omit<RegistryEntry, 'status'>, options: RegisterOptions): Promise<RegistryEntry> {
	return updateRegistry(options, (registry) => {
		if (registry.versions.some((e) => e.version === entry.version)) {
			throw new RegistryUpdateError(`Model version "${entry.version}" is already registered; versions are immutable, train a new one.`);
		}
		const wanted = registry.aliases.champion === null && options.status !== 'rejected' ? 'champion' : (options.status ?? 'registered');
		const stored: RegistryEntry = { ...entry, status: wanted === 'rejected' ? 'rejected' : 'registered' };
		registry.versions.push(stored);
		event(registry, wanted === 'rejected' ? 'reject' : 'register', entry.version, options);
		if (wanted === 'champion') makeChampion(registry, entry.version, 'promote', options);
		if (wanted === 'challenger') makeChallenger(registry, entry.version, options);
		return stored;
	});
}

/** Point an alias at a version (champion: the previous one is archived) or clear the challenger. */
export function setAlias(alias: 'champion' | 'challenger', version: string | null, decision: Decision): Promise<Registry> {
	return updateRegistry(decision, (registry) => {
		if (alias === 'champion') {
			if (version === null)
				throw new RegistryUpdateError(
					'The champion alias cannot be cleared: the app needs a model to serve. Promote another version instead.'
				);
			makeChampion(registry, version, 'promote', decision);
		} else makeChallenger(registry, version, decision);
		return registry;
	});
}

/** Make the champion before the current one champion again. */
export function rollback(decision: Decision): Promise<string> {
	return updateRegistry(decision, (registry) => {
		const current = registry.aliases.champion;
		const promotions = registry.history.filter((e) => (e.action === 'promote' || e.action === 'rollback') && e.version === current);
		const previous = promotions.at(-1)?.previousChampion ?? null;
		if (!previous) throw new RegistryUpdateError(`No earlier champion to roll back to from ${current ?? '(none)'}.`);
		makeChampion(registry, previous, 'rollback', decision);
		return previous;
	});
}

/** Mark a version rejected (never served). The champion cannot be rejected; promote another first. */
/** Record an explicit approval of a regulation change for `version` (before it is promoted). */
export function approveRegulationChange(version: string, decision: Decision): Promise<void> {
	return updateRegistry(decision, (registry) => {
		entryOf(registry, version);
		event(registry, 'approve-regulation-change', version, decision);
	});
}

export function rejectVersion(version: string, decision: Decision): Promise<void> {
	return updateRegistry(decision, (registry) => {
		if (registry.aliases.champion === version)
			throw new RegistryUpdateError(`Version ${version} is the champion; promote or roll back to another version before rejecting it.`);
		if (registry.aliases.challenger === version) registry.aliases.challenger = null;
		entryOf(registry, version).status = 'rejected';
		event(registry, 'reject', version, decision);
	});
}

export async function getVersion(version: string, options: RegistryLocation = {}): Promise<RegistryEntry | null> {
	return (await readRegistry(options)).versions.find((e) => e.version === version) ?? null;
}

export async function getChampion(options: RegistryLocation = {}): Promise<RegistryEntry | null> {
	const registry = await readRegistry(options);
	return registry.aliases.champion ? (registry.versions.find((e) => e.version === registry.aliases.champion) ?? null) : null;
}

export async function getChallenger(options: RegistryLocation = {}): Promise<RegistryEntry | null> {
	const registry = await readRegistry(options);
	return registry.aliases.challenger ? (registry.versions.find((e) => e.version === registry.aliases.challenger) ?? null) : null;
}
