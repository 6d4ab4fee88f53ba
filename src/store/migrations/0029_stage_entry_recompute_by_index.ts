import { type Kysely, sql } from 'kysely';
import { up as recomputeOf0027 } from './0027_stage_entry_recompute_by_person.js';

/**
 * The period funnel's recomputation reads by index whatever the statistics said when its
 * plans were made.
 *
 * Its function runs with generic plans (0024, 0027), made at a connection's first call and
 * kept until the tables' statistics change. For `= any(persons)` a generic plan assumes ten
 * persons; made while `funnel_stage_entries` or `people` was small (a young organisation, a
 * fresh import), it scans the whole table, and keeps doing so on that connection as the table
 * grows: in bench:routing the delete of a new lead's (absent) rollup rows took 0.34 ms a call
 * on average, against 0.01 by the index, on the connections that had planned it early
 * (bench/README.md, routing). Every statement of the function has an index for what it reads
 * (people by id, the rollup and the history by person), so sequential scans are switched off
 * inside it: its plans stay generic (planned once a connection) and always walk those indexes.
 * Planning each call instead (`execute`) cost more than the scans it saved.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter function funnel_stage_entries_recompute(text[]) set enable_seqscan = off`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await recomputeOf0027(db);
}
