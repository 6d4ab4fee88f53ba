import { type Kysely, sql } from 'kysely';

/**
 * The period funnel's rollup (issue #7, bench/reports): every stage entry of the funnel after
 * lead (mql, sql, opportunity, customer) with the time the person last entered the stage
 * before it, at or before the entry (`prev_at`; null when never), kept in
 * `funnel_stage_entries` by triggers on `stage_history`. A period funnel is then an index
 * range of ready rows, instead of one probe into the stage history per entry (~33,000 a month
 * at 1M people, ~0.2 s of a month's ~0.23 s).
 *
 * Triggers, not the application, keep it: every writer of stage history (the lifecycle's
 * moves, imports and fixtures that insert directly, corrections that update or delete) goes
 * through them, in its own transaction. An entry can change `prev_at` of its person's other
 * entries (a lead entry is the stage before every later MQL entry; a move back to an earlier
 * stage is an entry like any other), so every statement recomputes the rows of the persons it
 * touched: the inserted rows' persons, and for an update of person, stage or time, or a
 * delete, the persons the rows belonged to before and after. Statement-level triggers with
 * transition tables: one recomputation per statement, not per row. An update of anything else
 * (the SLA job marking entries seen), and an entry of a stage the rollup neither keeps nor
 * reads as the stage before (nurture, disqualified, ...), recompute nothing.
 *
 * Two transactions writing the same person's history: the recomputation first locks the
 * persons' rows in `people` (in id order, `for no key update`, as the lifecycle's moves
 * already do before they write), so the second waits for the first to commit and then, in a
 * new snapshot (each statement of a PL/pgSQL function under read committed takes one), reads
 * both transactions' entries.
 */

/** The stage before each funnel stage (the period funnel's "days from the stage before"). */
export const PREVIOUS_STAGE = `case h.to_stage when 'mql' then 'lead' when 'sql' then 'mql'
  when 'opportunity' then 'sql' when 'customer' then 'opportunity' end`;

/** The rollup's rows recomputed from `stage_history h` (filtered by `where`), as `select`. */
export function recomputedEntries(where: string): string {
  return `select h.id, h.person_id, h.to_stage, h.at,
      (select max(b.at) from stage_history b where b.person_id = h.person_id
        and b.to_stage = (${PREVIOUS_STAGE}) and b.at <= h.at) as prev_at
    from stage_history h
   where h.to_stage in ('mql', 'sql', 'opportunity', 'customer') and (${where})`;
}

/**
 * The stages whose entries the rollup keeps or reads as the stage before: an entry of any
 * other (nurture, disqualified, tql, ...) changes nothing, and its statement recomputes nothing.
 */
const KEPT = `('lead', 'mql', 'sql', 'opportunity', 'customer')`;

/**
 * The functions' statements are planned once: a custom plan a call (the default for the
 * first calls and whenever the generic one looks costlier) re-plans the recomputation's
 * correlated sub-query every time, ~0.2 ms a stage-history statement of one row.
 */
const GENERIC = 'set plan_cache_mode = force_generic_plan';

/** The backfill (the migration's, and the bench fill's after its load). */
export const BACKFILL = `insert into funnel_stage_entries (id, person_id, to_stage, at, prev_at)
  ${recomputedEntries('true')}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `create table funnel_stage_entries (
      id bigint primary key,
      person_id text not null,
      to_stage text not null,
      at timestamptz not null,
      prev_at timestamptz
    )`,
    // The period funnel: a range of a stage, read index-only.
    `create index funnel_stage_entries_range_idx on funnel_stage_entries (to_stage, at) include (person_id, prev_at)`,
    `create index funnel_stage_entries_person_idx on funnel_stage_entries (person_id)`,
    `create function funnel_stage_entries_recompute(persons text[]) returns void
     language plpgsql ${GENERIC} as $$
     begin
       perform 1 from people where id = any(persons) order by id for no key update;
       delete from funnel_stage_entries where person_id = any(persons);
       insert into funnel_stage_entries (id, person_id, to_stage, at, prev_at)
       ${recomputedEntries('h.person_id = any(persons)')};
     end $$`,
    `create function funnel_stage_entries_inserted() returns trigger
     language plpgsql ${GENERIC} as $$
     declare persons text[];
     begin
       select array_agg(distinct n.person_id) into persons from new_rows n where n.to_stage in ${KEPT};
       if persons is not null then perform funnel_stage_entries_recompute(persons); end if;
       return null;
     end $$`,
    `create function funnel_stage_entries_updated() returns trigger
     language plpgsql ${GENERIC} as $$
     declare persons text[];
     begin
       select array_agg(distinct x.person_id) into persons
         from old_rows o join new_rows n on n.id = o.id
         cross join lateral (values (o.person_id), (n.person_id)) x(person_id)
        where (o.to_stage in ${KEPT} or n.to_stage in ${KEPT})
          and (o.person_id is distinct from n.person_id or o.to_stage is distinct from n.to_stage
               or o.at is distinct from n.at);
       if persons is not null then perform funnel_stage_entries_recompute(persons); end if;
       return null;
     end $$`,
    `create function funnel_stage_entries_deleted() returns trigger
     language plpgsql ${GENERIC} as $$
     declare persons text[];
     begin
       select array_agg(distinct o.person_id) into persons from old_rows o where o.to_stage in ${KEPT};
       if persons is not null then perform funnel_stage_entries_recompute(persons); end if;
       return null;
     end $$`,
    `create trigger stage_history_funnel_insert after insert on stage_history
       referencing new table as new_rows for each statement execute function funnel_stage_entries_inserted()`,
    `create trigger stage_history_funnel_update after update on stage_history
       referencing old table as old_rows new table as new_rows for each statement
       execute function funnel_stage_entries_updated()`,
    `create trigger stage_history_funnel_delete after delete on stage_history
       referencing old table as old_rows for each statement execute function funnel_stage_entries_deleted()`,
    BACKFILL,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
