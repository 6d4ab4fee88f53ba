import { type Kysely, sql } from 'kysely';
import { PREVIOUS_STAGE, recomputedEntries } from './0024_stage_entry_rollup.js';

/**
 * The period funnel's rollup recomputes a statement's persons one index range a person.
 *
 * Migration 0024's recomputation filtered the stage history with `person_id = any(persons)`.
 * Its functions run with a generic plan, which does not know how many persons the array holds;
 * when the statistics hold few funnel entries (taken while most people were leads, as in a
 * young organisation or one that just imported its leads), it walked `stage_history_to_idx`
 * over every MQL, SQL, opportunity and customer entry of the organisation and kept the
 * persons': one stage move cost ~9 ms at 20,000 such entries, growing with the history
 * (bench/README.md, routing: half the database time of a routed lead).
 *
 * Here each person's entries are read from `stage_history_person_stage_idx`, whatever the
 * statistics say: a lateral sub-query the planner cannot pull up (`offset 0`; pulled up, it
 * was planned as a hash join over the same walk of the stage index). The previous stage's time
 * is read from the same index.
 */
const ENTRIES_OF_PERSONS = `select h.id, h.person_id, h.to_stage, h.at,
      (select max(b.at) from stage_history b where b.person_id = h.person_id
        and b.to_stage = (${PREVIOUS_STAGE}) and b.at <= h.at) as prev_at
    from (select distinct unnest(persons) as person_id) x
    cross join lateral (select * from stage_history s
      where s.person_id = x.person_id and s.to_stage in ('mql', 'sql', 'opportunity', 'customer')
      offset 0) h`;

function recomputeFunction(entries: string): string {
  return `create or replace function funnel_stage_entries_recompute(persons text[]) returns void
     language plpgsql set plan_cache_mode = force_generic_plan as $$
     begin
       perform 1 from people where id = any(persons) order by id for no key update;
       delete from funnel_stage_entries where person_id = any(persons);
       insert into funnel_stage_entries (id, person_id, to_stage, at, prev_at)
       ${entries};
     end $$`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(recomputeFunction(ENTRIES_OF_PERSONS)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(recomputeFunction(recomputedEntries('h.person_id = any(persons)'))).execute(db);
}
