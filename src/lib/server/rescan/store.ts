/**
 * Storage of the server's inventory re-scans (tables of migration 0011-rescans). A run is
 * keyed by the champion version, so starting it twice is a no-op; its snapshot of every
 * record's label is taken in the same transaction, and items still to classify are those
 * whose `to_label` is null, so a restart resumes where it stopped.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, RescanRunsTable } from '../db/schema.ts';

export interface RescanChange {
	id: string;
	from: 0 | 1;
	to: 0 | 1;
}

export interface RescanReport {
	model: string;
	regulation: string | null;
	startedAt: string;
	finishedAt: string | null;
	total: number;
	changed: RescanChange[];
}

export async function findRun(db: Kysely<Database>, model: string): Promise<RescanRunsTable | undefined> {
	return db.selectFrom('rescan_runs').selectAll().where('model', '=', model).executeTakeFirst();
}

/** Creates the run for `model` with its snapshot, unless it exists; returns the run. */
export async function ensureRun(
	db: Kysely<Database>,
	run: { model: string; regulation: string | null; previousModel: string | null },
	now = Date.now()
): Promise<RescanRunsTable> {
	const existing = await findRun(db, run.model);
	if (existing) return existing;
	await db.transaction().execute(async (tx) => {
		const inserted = await tx
			.insertInto('rescan_runs')
			.values({
				model: run.model,
				regulation: run.regulation,
				previous_model: run.previousModel,
				started_at: now,
				finished_at: null,
				total: 0,
				done: 0
			})
			.onConflict((oc) => oc.column('model').doNothing())
			.returning('model')
			.execute();
		if (inserted.length === 0) return; // another server started it
		// The label that counts now: an analyst's reviewed label, else a technician's override,
		// else the model's.
		await tx
			.insertInto('rescan_items')
			.columns(['model', 'record_id', 'from_label'])
			.expression(
				tx
					.selectFrom('inventory')
					.leftJoin('reviews', 'reviews.item_id', 'inventory.id')
					.select([
						sql<string>`${run.model}`.as('model'),
						'inventory.id',
						sql<number>`coalesce(reviews.label, inventory.override_label, inventory.label)`.as('from_label')
					])
					.where('inventory.deleted', '=', 0)
			)
			.execute();
		const { n } = await tx
			.selectFrom('rescan_items')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('model', '=', run.model)
			.executeTakeFirstOrThrow();
		await tx
			.updateTable('rescan_runs')
			.set({ total: Number(n) })
			.where('model', '=', run.model)
			.execute();
	});
	return (await findRun(db, run.model))!;
}

/** The next records still to classify, with their current descriptions. */
export async function pendingBatch(
	db: Kysely<Database>,
	model: string,
	limit: number
): Promise<{ id: string; description: string | null }[]> {
	return db
		.selectFrom('rescan_items')
		.leftJoin('inventory', 'inventory.id', 'rescan_items.record_id')
		.select(['rescan_items.record_id as id', 'inventory.description as description'])
		.where('rescan_items.model', '=', model)
		.where('rescan_items.to_label', 'is', null)
		.orderBy('rescan_items.record_id')
		.limit(limit)
		.execute();
}

/** Stores a batch's verdicts (a record gone meanwhile keeps its own label: to = from). */
export async function storeVerdicts(db: Kysely<Database>, model: string, verdicts: { id: string; label: 0 | 1 | null }[]): Promise<void> {
	await db.transaction().execute(async (tx) => {
		for (const v of verdicts) {
			await tx
				.updateTable('rescan_items')
				.set({ to_label: v.label === null ? sql<number>`from_label` : v.label })
				.where('model', '=', model)
				.where('record_id', '=', v.id)
				.execute();
		}
		await tx
			.updateTable('rescan_runs')
			.set({ done: sql<number>`done + ${verdicts.length}` })
			.where('model', '=', model)
			.execute();
	});
}

export async function finishRun(db: Kysely<Database>, model: string, now = Date.now()): Promise<void> {
	await db.updateTable('rescan_runs').set({ finished_at: now }).where('model', '=', model).where('finished_at', 'is', null).execute();
}

/** The most recently started run and its changed records, or null before the first. */
export async function latestReport(db: Kysely<Database>): Promise<RescanReport | null> {
	const run = await db.selectFrom('rescan_runs').selectAll().orderBy('started_at', 'desc').limit(1).executeTakeFirst();
	if (!run) return null;
	const changed = await db
		.selectFrom('rescan_items')
		.select(['record_id', 'from_label', 'to_label'])
		.where('model', '=', run.model)
		.where('to_label', 'is not', null)
		.whereRef('to_label', '!=', 'from_label')
		.orderBy('record_id')
		.execute();
	return {
		model: run.model,
		regulation: run.regulation,
		startedAt: new Date(Number(run.started_at)).toISOString(),
		finishedAt: run.finished_at === null ? null : new Date(Number(run.finished_at)).toISOString(),
		total: Number(run.total),
		changed: changed.map((c) => ({ id: c.record_id, from: c.from_label as 0 | 1, to: c.to_label as 0 | 1 }))
	};
}
