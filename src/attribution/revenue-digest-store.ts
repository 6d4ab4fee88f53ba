import { sql } from 'kysely';
import type { Db } from '../store/index.js';
import {
  byTimeThenId,
  type Deal,
  digestTouches,
  type IdentifiedTouch,
  type JourneyDigest,
} from './revenue-model.js';

/** An opportunity with the digest of its journey (`revenue-model.ts`, `JourneyDigest`). */
export interface DealDigest extends Deal {
  digest: JourneyDigest;
}

interface DigestRow {
  id: string;
  source: string | null;
  amount_cents: number | string;
  currency: string;
  created_at: Date;
  closed_at: Date | null;
  outcome: string | null;
  first_marketing_at: Date | null;
  first_sales_at: Date | null;
  touch_id: string | null;
  touch_at: Date | null;
  touch_channel: string | null;
  touch_campaign_id: string | null;
  touch_type: string | null;
}

/**
 * The opportunities created or closed within [start, end), each with the digest of its
 * journey up to `now`, computed in SQL: the same journey as `listDealJourneys` (the touchpoints
 * and stitched anonymous visits of its primary contact and of its account's contacts, the
 * account's touchpoints, the sales activities with them or on the deal; an unsubscribe is no
 * touch; a touchpoint of a sales channel, its own or its campaign's, is a sales touch), but
 * only what the figures read of it is sent back: a row a deal, one more a tied attributable
 * touch. Its deals give the same `revenueFigures` and first-touch economics as the whole
 * journeys (the test `revenue-digest.test.ts` compares both on a mixed data set).
 */
export async function listDealDigests(
  db: Db,
  range: { start: Date; end: Date; now: Date },
): Promise<DealDigest[]> {
  const { start, end, now } = range;
  const rows = await db.transaction().execute(async (trx) => {
    // JIT compiles this bounded aggregate for longer than it runs (as the reports' queries).
    await sql`set local jit = off`.execute(trx);
    await sql`set local work_mem = '64MB'`.execute(trx);
    return (
      await sql<DigestRow>`
      with deals as materialized (
        select id, account_id, person_id, source, amount_cents, currency, created_at, closed_at, outcome
          from opportunities
         where (created_at >= ${start} and created_at < ${end})
            or (closed_at >= ${start} and closed_at < ${end})
      ),
      members as materialized (
        -- The people whose touches make each deal's journey: its primary contact and its account's.
        select id as deal_id, person_id from deals where person_id is not null
        union
        select d.id, p.id from deals d join people p on p.account_id = d.account_id
      ),
      points as (
        select m.deal_id, t.id, t.type, t.occurred_at, t.channel, t.campaign_id
          from members m join touchpoints t on t.person_id = m.person_id
        union all
        select m.deal_id, t.id, t.type, t.occurred_at, t.channel, t.campaign_id
          from members m
          join visitors v on v.person_id = m.person_id
          join touchpoints t on t.visitor_id = v.visitor_id and t.person_id is null
        union all
        select d.id, t.id, t.type, t.occurred_at, t.channel, t.campaign_id
          from deals d join touchpoints t on t.account_id = d.account_id
      ),
      touches as materialized (
        select p.deal_id, p.id, p.type, p.occurred_at as at, x.channel, p.campaign_id,
               coalesce(x.channel in ('outbound', 'sales'), false) as sales
          from points p
          left join campaigns c on c.id = p.campaign_id
          cross join lateral (select coalesce(p.channel, c.channel) as channel) x
         where p.occurred_at <= ${now} and p.type <> 'unsubscribe'
      ),
      activity_times as (
        select m.deal_id, a.occurred_at as at
          from members m join activities a on a.person_id = m.person_id
         where a.occurred_at <= ${now}
        union all
        select d.id, a.occurred_at from deals d join activities a on a.account_id = d.account_id
         where a.occurred_at <= ${now}
        union all
        select d.id, a.occurred_at from deals d join activities a on a.opportunity_id = d.id
         where a.occurred_at <= ${now}
      ),
      firsts as (
        select t.deal_id,
               min(t.at) filter (where not t.sales) as first_marketing_at,
               min(t.at) filter (where t.sales) as first_sales_at,
               min(t.at) filter (where not t.sales and (t.channel is not null or t.campaign_id is not null)
                                   and t.at <= d.created_at) as credit_created_at,
               min(t.at) filter (where not t.sales and (t.channel is not null or t.campaign_id is not null)
                                   and t.at <= d.closed_at) as credit_closed_at
          from touches t join deals d on d.id = t.deal_id
         group by t.deal_id
      ),
      credited as (
        -- Every attributable touch at either earliest time: the time-then-id order picks in node.
        select distinct t.deal_id, t.id, t.type, t.at, t.channel, t.campaign_id
          from touches t join firsts f on f.deal_id = t.deal_id
         where not t.sales and (t.channel is not null or t.campaign_id is not null)
           and (t.at = f.credit_created_at or t.at = f.credit_closed_at)
      )
      select d.id, d.source, d.amount_cents, d.currency, d.created_at, d.closed_at, d.outcome,
             f.first_marketing_at,
             case when f.first_sales_at is null then s.at
                  when s.at is null then f.first_sales_at
                  else least(f.first_sales_at, s.at) end as first_sales_at,
             't' || k.id as touch_id, k.at as touch_at, k.channel as touch_channel,
             k.campaign_id as touch_campaign_id, k.type as touch_type
        from deals d
        left join firsts f on f.deal_id = d.id
        left join (select deal_id, min(at) as at from activity_times group by deal_id) s on s.deal_id = d.id
        left join credited k on k.deal_id = d.id
       order by d.created_at, d.id
    `.execute(trx)
    ).rows;
  });
  const out: DealDigest[] = [];
  let last: DealDigest | undefined;
  for (const r of rows) {
    if (last?.id !== r.id) {
      const digest: JourneyDigest = {
        firstMarketingAt: r.first_marketing_at,
        firstSalesAt: r.first_sales_at,
        credited: [],
      };
      last = {
        id: r.id,
        amountCents: Number(r.amount_cents),
        currency: r.currency,
        source: r.source,
        createdAt: r.created_at,
        closedAt: r.closed_at,
        outcome: r.outcome === 'won' || r.outcome === 'lost' ? r.outcome : null,
        touches: [],
        digest,
      };
      out.push(last);
    }
    if (r.touch_id !== null && r.touch_at !== null)
      last.digest.credited.push({
        id: r.touch_id,
        at: r.touch_at,
        kind: 'marketing',
        type: r.touch_type ?? '',
        channel: r.touch_channel,
        campaignId: r.touch_campaign_id,
      } satisfies IdentifiedTouch);
  }
  for (const deal of out) {
    deal.digest.credited.sort(byTimeThenId);
    deal.touches = digestTouches(deal.digest);
  }
  return out;
}
