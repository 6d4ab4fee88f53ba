import { sql } from 'kysely';
import type { Db } from '../store/index.js';

/**
 * The first-touch rollup (`person_first_touches`, migration 0019) against its definition:
 * each person's first touchpoint with a channel, and with a campaign, by (occurred_at, id),
 * recomputed from the touchpoints. Returns the persons whose stored first touch differs
 * (at most `limit`); empty when the triggers kept it right. The tests check it after mixed
 * workloads, and bench/reports over the whole generated organisation.
 */
export async function firstTouchDrift(
  db: Db,
  limit = 20,
): Promise<{ personId: string; stored: string; recomputed: string }[]> {
  const { rows } = await sql<{ person_id: string; stored: string; recomputed: string }>`
    with truth as (
      select coalesce(ch.person_id, cp.person_id) as person_id,
             ch.channel, ch.id as channel_tp, cp.campaign_id, cp.id as campaign_tp
        from (select distinct on (person_id) person_id, channel, id from touchpoints
               where person_id is not null and channel is not null order by person_id, occurred_at, id) ch
        full join (select distinct on (person_id) person_id, campaign_id, id from touchpoints
               where person_id is not null and campaign_id is not null order by person_id, occurred_at, id) cp
          on cp.person_id = ch.person_id
    ), stored as (
      select person_id, channel, channel_touchpoint_id as channel_tp, campaign_id, campaign_touchpoint_id as campaign_tp
        from person_first_touches
       where channel_touchpoint_id is not null or campaign_touchpoint_id is not null
    )
    select coalesce(t.person_id, s.person_id) as person_id,
           concat_ws('/', s.channel, s.channel_tp, s.campaign_id, s.campaign_tp) as stored,
           concat_ws('/', t.channel, t.channel_tp, t.campaign_id, t.campaign_tp) as recomputed
      from truth t full join stored s on s.person_id = t.person_id
     where row(t.channel, t.channel_tp, t.campaign_id, t.campaign_tp)
           is distinct from row(s.channel, s.channel_tp, s.campaign_id, s.campaign_tp)
     order by 1 limit ${limit}`.execute(db);
  return rows.map((r) => ({ personId: r.person_id, stored: r.stored, recomputed: r.recomputed }));
}
