/** Small typed settings and sync state in the `meta` store. */
import { appDb } from './database.ts';
import { guardQuota } from './errors.ts';

export interface CachedUser {
	id: string | number;
	username: string;
	role: 'technician' | 'analyst' | 'admin';
	/** When the server last confirmed this session (ISO). */
	confirmedAt: string;
}

export interface ModelChange {
	version: string;
	/** When this device first served it (ISO). */
	since: string;
}

export interface MetaValues {
	deviceId: string;
	syncCursor: string | null;
	lastSyncAt: string | null;
	user: CachedUser | null;
	/**
	 * A sign-out the server has not confirmed yet (signed out offline): the device counts as
	 * signed out at once, and the server session is revoked at the next contact.
	 */
	pendingSignOut: { userId: string | number; at: string } | null;
	outboxSeq: number;
	modelHistory: ModelChange[];
	/** Events the server refused as invalid (dropped, but counted and shown). */
	telemetryRejected: number;
	/** The last re-scan of the inventory under a new model (progress and cursor survive a reload). */
	rescanRun: RescanRun | null;
}

export interface RescanRun {
	/** The model version the inventory is re-classified with. */
	model: string;
	/** The version that served before it (null on a first model). */
	previous: string | null;
	status: 'running' | 'cancelled' | 'done';
	/** Id of the last item processed (items are visited in id order). */
	cursor: string | null;
	total: number;
	done: number;
	/** Model verdicts that flipped (items without a human label). */
	toNonCompliant: number;
	toCompliant: number;
	/** Items with a human label that the new model disagrees with. */
	disagreeWithHuman: number;
	startedAt: string;
	finishedAt: string | null;
	/** The counts went into the telemetry queue (once per run). */
	reported: boolean;
}

export type MetaKey = keyof MetaValues;

export async function getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
	return (await (await appDb()).get('meta', key)) as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
	const db = await appDb();
	await guardQuota('a setting', () => db.put('meta', value, key).then(() => undefined));
}

/** Random per-install id for the telemetry rate limit (never tied to a user). */
export async function deviceId(): Promise<string> {
	const db = await appDb();
	const tx = db.transaction('meta', 'readwrite');
	let id = (await tx.store.get('deviceId')) as string | undefined;
	if (!id) {
		id = crypto.randomUUID().replaceAll('-', '');
		await tx.store.put(id, 'deviceId');
	}
	await tx.done;
	return id;
}

/** Records the served model version; returns the history, newest last. */
export async function noteModelVersion(version: string, now = new Date()): Promise<ModelChange[]> {
	const db = await appDb();
	const tx = db.transaction('meta', 'readwrite');
	const history = ((await tx.store.get('modelHistory')) as ModelChange[] | undefined) ?? [];
	if (history.at(-1)?.version !== version) {
		history.push({ version, since: now.toISOString() });
		await tx.store.put(history.slice(-10), 'modelHistory');
	}
	await tx.done;
	return history;
}
