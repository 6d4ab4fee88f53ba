import { sql } from 'kysely';
import type { Db } from '../store/index.js';

/**
 * The period funnel's rollup (`funnel_stage_entries`, migration 0024) against its definition:
 * every stage_history entry of mql, sql, opportunity or customer, with the person's last entry
 * of the stage before it (lead, mql, sql, opportunity) at or before the entry, recomputed from
 * the stage history. Returns the entries that differ (at most `limit`): missing, left over
 * after their entry changed or went, or with another person, stage, time or previous time.
 * Empty when the triggers kept it right. The tests check it after every kind of write, and
 * bench/reports over the whole generated organisation.
 */
export async function stageEntryDrift(
  db: Db,
  limit = 20,
): Promise<{ id: string; stored: string; recomputed: string }[]> {
  const { rows } = await sql<{ id: string; stored: string; recomputed: string }>`
    with truth as (
      select h.id, h.person_id, h.to_stage, h.at,
        (select max(b.at) from stage_history b where b.person_id = h.person_id and b.at <= h.at
          and b.to_stage = case h.to_stage when 'mql' then 'lead' when 'sql' then 'mql'
            when 'opportunity' then 'sql' when 'customer' then 'opportunity' end) as prev_at
        from stage_history h
       where h.to_stage in ('mql', 'sql', 'opportunity', 'customer')
    )
    select coalesce(t.id, s.id)::text as id,
           concat_ws('/', s.person_id, s.to_stage, s.at, s.prev_at) as stored,
           concat_ws('/', t.person_id, t.to_stage, t.at, t.prev_at) as recomputed
      from truth t full join funnel_stage_entries s on s.id = t.id
     where row(t.person_id, t.to_stage, t.at, t.prev_at) is distinct from row(s.person_id, s.to_stage, s.at, s.prev_at)
     order by coalesce(t.id, s.id) limit ${limit}`.execute(db);
  return rows;
}
