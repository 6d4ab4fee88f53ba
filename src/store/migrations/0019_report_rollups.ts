import { type Kysely, sql } from 'kysely';

/**
 * Rollups of the reports at scale (issue #7, bench/reports): a person's first touch with a
 * channel and with a campaign, kept in `person_first_touches` by triggers on `touchpoints`, so
 * that grouping a funnel or the campaigns of a week by first touch is one join instead of one
 * probe into the touchpoints per person.
 *
 * The first touch with a channel is the person's touchpoint with a channel that comes first
 * by (occurred_at, id); likewise for a campaign. Triggers, not the application, keep it: every
 * writer of touchpoints (ingestion, the asynchronous worker, visitor identification that
 * attaches anonymous history, imports, fixtures) goes through them, in its own transaction.
 * - insert: the inserted rows can only make a first touch earlier: the earliest of the
 *   statement's rows per person replaces the stored one when it comes before it;
 * - update of person, time, channel or campaign, and delete: the persons the changed rows
 *   belonged to before and after are recomputed from their touchpoints (an index probe each,
 *   on the partial indexes of migration 0011).
 * Statement-level triggers with transition tables: one statement per batch, not per row.
 */
/** The stored first touch of `kind` is replaced by the statement's (`excluded`) when that comes first. */
function condition(kind: 'channel' | 'campaign'): string {
  const e = `(excluded.${kind}_at, excluded.${kind}_touchpoint_id)`;
  const f = `(f.${kind}_at, f.${kind}_touchpoint_id)`;
  return `(excluded.${kind}_touchpoint_id is not null and (f.${kind}_touchpoint_id is null or ${e} < ${f}))`;
}

/** `column = case when earlier then excluded.column else f.column end` for the three columns of `kind`. */
function earlier(kind: 'channel' | 'campaign'): [string, string][] {
  const columns = [kind === 'channel' ? 'channel' : 'campaign_id', `${kind}_at`, `${kind}_touchpoint_id`];
  return columns.map((c) => [c, `case when ${condition(kind)} then excluded.${c} else f.${c} end`]);
}

/**
 * The insert trigger's function: the earliest touch of the statement's rows per person (one
 * sort of the transition table, whatever its size) replaces the stored one when it comes first.
 */
export const INSERTED_FUNCTION = `create or replace function person_first_touches_inserted() returns trigger
 language plpgsql as $$
 begin
   insert into person_first_touches as f (person_id, channel, channel_at, channel_touchpoint_id,
                                          campaign_id, campaign_at, campaign_touchpoint_id)
   select coalesce(ch.person_id, cp.person_id), ch.channel, ch.occurred_at, ch.id,
          cp.campaign_id, cp.occurred_at, cp.id
     from (select distinct on (person_id) person_id, channel, occurred_at, id from new_rows
            where person_id is not null and channel is not null order by person_id, occurred_at, id) ch
     full join (select distinct on (person_id) person_id, campaign_id, occurred_at, id from new_rows
            where person_id is not null and campaign_id is not null order by person_id, occurred_at, id) cp
       on cp.person_id = ch.person_id
    order by 1
   on conflict (person_id) do update set
     ${earlier('channel')
       .map(([column, value]) => `${column} = ${value}`)
       .join(', ')},
     ${earlier('campaign')
       .map(([column, value]) => `${column} = ${value}`)
       .join(', ')}
   where ${condition('channel')} or ${condition('campaign')};
   return null;
 end $$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `create table person_first_touches (
      person_id text primary key references people(id),
      channel text,
      channel_at timestamptz,
      channel_touchpoint_id bigint,
      campaign_id text references campaigns(id),
      campaign_at timestamptz,
      campaign_touchpoint_id bigint
    )`,
    // Recomputes the first touches of `persons` from their touchpoints. The rows are locked
    // (created if need be) before the touchpoints are read, so a concurrent insert of a
    // touchpoint of the same person waits and then compares with what this wrote.
    `create function person_first_touches_recompute(persons text[]) returns void
     language plpgsql as $$
     begin
       insert into person_first_touches (person_id)
       select distinct x from unnest(persons) x where x is not null order by x
       on conflict (person_id) do nothing;
       perform 1 from person_first_touches where person_id = any(persons) order by person_id for update;
       update person_first_touches f
          set channel = ch.channel, channel_at = ch.occurred_at, channel_touchpoint_id = ch.id,
              campaign_id = cp.campaign_id, campaign_at = cp.occurred_at, campaign_touchpoint_id = cp.id
         from (select distinct unnest(persons) as person_id) x
         left join lateral (select t.channel, t.occurred_at, t.id from touchpoints t
                where t.person_id = x.person_id and t.channel is not null
                order by t.occurred_at, t.id limit 1) ch on true
         left join lateral (select t.campaign_id, t.occurred_at, t.id from touchpoints t
                where t.person_id = x.person_id and t.campaign_id is not null
                order by t.occurred_at, t.id limit 1) cp on true
        where f.person_id = x.person_id;
     end $$`,
    INSERTED_FUNCTION,
    `create function person_first_touches_updated() returns trigger
     language plpgsql as $$
     declare persons text[];
     begin
       select array_agg(distinct x.person_id) into persons
         from old_rows o join new_rows n on n.id = o.id
         cross join lateral (values (o.person_id), (n.person_id)) x(person_id)
        where x.person_id is not null
          and (o.person_id is distinct from n.person_id or o.occurred_at <> n.occurred_at
               or o.channel is distinct from n.channel or o.campaign_id is distinct from n.campaign_id);
       if persons is not null then perform person_first_touches_recompute(persons); end if;
       return null;
     end $$`,
    `create function person_first_touches_deleted() returns trigger
     language plpgsql as $$
     declare persons text[];
     begin
       select array_agg(distinct o.person_id) into persons from old_rows o
        where o.person_id is not null and (o.channel is not null or o.campaign_id is not null);
       if persons is not null then perform person_first_touches_recompute(persons); end if;
       return null;
     end $$`,
    `create trigger touchpoints_first_touch_insert after insert on touchpoints
       referencing new table as new_rows for each statement execute function person_first_touches_inserted()`,
    `create trigger touchpoints_first_touch_update after update on touchpoints
       referencing old table as old_rows new table as new_rows for each statement
       execute function person_first_touches_updated()`,
    `create trigger touchpoints_first_touch_delete after delete on touchpoints
       referencing old table as old_rows for each statement execute function person_first_touches_deleted()`,
    // A person's entries of one stage in time order, read index-only: the stage before an
    // entry (period funnel), "reached SQL since" (acceptance, campaigns of a week, SLA
    // compliance), the later stages of a cohort.
    `create index stage_history_person_stage_idx on stage_history (person_id, to_stage, at)`,
    // Backfill: the first touches of the touchpoints already stored.
    `insert into person_first_touches (person_id, channel, channel_at, channel_touchpoint_id,
                                       campaign_id, campaign_at, campaign_touchpoint_id)
     select coalesce(ch.person_id, cp.person_id), ch.channel, ch.occurred_at, ch.id,
            cp.campaign_id, cp.occurred_at, cp.id
       from (select distinct on (person_id) person_id, channel, occurred_at, id from touchpoints
              where person_id is not null and channel is not null order by person_id, occurred_at, id) ch
       full join (select distinct on (person_id) person_id, campaign_id, occurred_at, id from touchpoints
              where person_id is not null and campaign_id is not null order by person_id, occurred_at, id) cp
         on cp.person_id = ch.person_id`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
