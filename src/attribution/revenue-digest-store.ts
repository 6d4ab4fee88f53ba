import { type RawBuilder, sql } from 'kysely';
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
 * The firsts of some touchpoints `t` by `key` (columns key, id, type, occurred_at, channel,
 * campaign_id; up to now, unsubscribes left out by the caller): the earliest marketing and
 * sales touch, the earliest attributable one (a marketing touch naming a channel, its own or
 * its campaign's, or a campaign), and the attributable touches at that time, as parallel
 * arrays in id order. A touchpoint of a sales channel, its own or its campaign's, is a sales
 * touch.
 */
function firstsBy(touchpoints: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    select w.key, min(w.occurred_at) filter (where not w.sales) as marketing_at,
           min(w.occurred_at) filter (where w.sales) as sales_at,
           min(w.credit_at) as credit_at,
           array_agg(w.id order by w.id) filter (where w.credit) as ids,
           array_agg(w.type order by w.id) filter (where w.credit) as types,
           array_agg(w.channel order by w.id) filter (where w.credit) as channels,
           array_agg(w.campaign_id order by w.id) filter (where w.credit) as campaigns
      from (select v.*, v.attributable and v.occurred_at = v.credit_at as credit
              from (select k.*, min(k.occurred_at) filter (where k.attributable) over (partition by k.key) as credit_at
                      from (select t.key, t.id, t.type, t.occurred_at, x.channel, t.campaign_id, x.sales,
                                   not x.sales and (x.channel is not null or t.campaign_id is not null) as attributable
                              from (${touchpoints}) t
                              left join campaigns c on c.id = t.campaign_id
                             cross join lateral (
                               select coalesce(t.channel, c.channel) as channel,
                                      coalesce(coalesce(t.channel, c.channel) in ('outbound', 'sales'), false) as sales
                             ) x) k) v) w
     group by w.key`;
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
  /** Only the deals won within the range: all that customers and CAC count (`wonDealDigests`). */
  only: 'all' | 'won' = 'all',
): Promise<DealDigest[]> {
  const { start, end, now } = range;
  const chosen =
    only === 'won'
      ? sql`outcome = 'won' and closed_at >= ${start} and closed_at < ${end}`
      : sql`(created_at >= ${start} and created_at < ${end}) or (closed_at >= ${start} and closed_at < ${end})`;
  const rows = await db.transaction().execute(async (trx) => {
    // JIT compiles this bounded aggregate for longer than it runs (as the reports' queries).
    await sql`set local jit = off`.execute(trx);
    await sql`set local work_mem = '64MB'`.execute(trx);
    return (
      await sql<DigestRow>`
      with deals as materialized (
        select id, account_id, person_id, source, amount_cents, currency, created_at, closed_at, outcome
          from opportunities
         where ${chosen}
      ),
      members as materialized (
        -- The people whose touches make each deal's journey: its primary contact and its account's.
        select id as deal_id, person_id from deals where person_id is not null
        union
        select d.id, p.id from deals d join people p on p.account_id = d.account_id
      ),
      parts as materialized (
        -- Each member once (its touchpoints and stitched visits: index-only ranges of
        -- touchpoints_journey_idx, migration 0020), then the account's touchpoints a deal.
        select m.deal_id, f.marketing_at, f.sales_at, f.credit_at, f.ids, f.types, f.channels, f.campaigns
          from (${firstsBy(sql`
            select p.person_id as key, t.id, t.type, t.occurred_at, t.channel, t.campaign_id
              from (select distinct person_id from members) p
              join touchpoints t on t.person_id = p.person_id
             where t.occurred_at <= ${now} and t.type <> 'unsubscribe'
            union all
            select p.person_id, t.id, t.type, t.occurred_at, t.channel, t.campaign_id
              from (select distinct person_id from members) p
              join visitors v on v.person_id = p.person_id
              join touchpoints t on t.visitor_id = v.visitor_id and t.person_id is null
             where t.occurred_at <= ${now} and t.type <> 'unsubscribe'`)}) f
          join members m on m.person_id = f.key
        union all
        select f.key, f.marketing_at, f.sales_at, f.credit_at, f.ids, f.types, f.channels, f.campaigns
          from (${firstsBy(sql`
            select d.id as key, t.id, t.type, t.occurred_at, t.channel, t.campaign_id
              from deals d join touchpoints t on t.account_id = d.account_id
             where t.occurred_at <= ${now} and t.type <> 'unsubscribe'`)}) f
      ),
      deal_firsts as (
        select deal_id, min(marketing_at) as marketing_at, min(sales_at) as sales_at, min(credit_at) as credit_at
          from (select deal_id, marketing_at, sales_at, credit_at from parts
                union all
                -- Sales activities with a member, the account, or on the deal: sales touches.
                select m.deal_id, null, (select min(a.occurred_at) from activities a
                                          where a.person_id = m.person_id and a.occurred_at <= ${now}), null
                  from members m
                union all
                select d.id, null, (select min(a.occurred_at) from activities a
                                     where a.account_id = d.account_id and a.occurred_at <= ${now}), null
                  from deals d where d.account_id is not null
                union all
                select d.id, null, (select min(a.occurred_at) from activities a
                                     where a.opportunity_id = d.id and a.occurred_at <= ${now}), null
                  from deals d) x
         group by deal_id
      ),
      credited as (
        -- The attributable touches at the journey's earliest attributable time, when that is at
        -- or before the creation or the close: the time-then-id order picks among them in node.
        select distinct p.deal_id, u.id, u.type, f.credit_at as at, u.channel, u.campaign_id
          from parts p
          join deal_firsts f on f.deal_id = p.deal_id and f.credit_at = p.credit_at
          join deals d on d.id = p.deal_id
         cross join lateral unnest(p.ids, p.types, p.channels, p.campaigns) u(id, type, channel, campaign_id)
         where f.credit_at <= d.created_at or f.credit_at <= d.closed_at
      )
      select d.id, d.source, d.amount_cents, d.currency, d.created_at, d.closed_at, d.outcome,
             f.marketing_at as first_marketing_at, f.sales_at as first_sales_at,
             't' || k.id as touch_id, k.at as touch_at, k.channel as touch_channel,
             k.campaign_id as touch_campaign_id, k.type as touch_type
        from deals d
        left join deal_firsts f on f.deal_id = d.id
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
