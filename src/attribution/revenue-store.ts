import { sql } from 'kysely';
import { NotFoundError } from '../core/index.js';
import { anyText, type CostEntryRow, type Db } from '../store/index.js';
import type { CampaignCost, CostEntry, LeadRecord } from './revenue-economics.js';
import { type Deal, type Touch, touchpointKind } from './revenue-model.js';

/** A deal with its journey's touches in time order, as they were loaded. */
export interface DealJourney extends Deal {
  touches: DetailedTouch[];
  accountId: string | null;
  personId: string | null;
}

/** An opportunity and the people and account whose touches make its journey. */
interface DealRow {
  id: string;
  account_id: string | null;
  person_id: string | null;
  source: string | null;
  amount_cents: number;
  currency: string;
  created_at: Date;
  closed_at: Date | null;
  outcome: string | null;
}

/** A touch as loaded, keyed by whom it concerns, with what a deal story tells of it. */
export interface DetailedTouch extends Touch {
  id: string;
  personId: string | null;
  accountId: string | null;
  opportunityId: string | null;
  url: string | null;
  campaignName: string | null;
  /** Sales activities: outcome, direction, subject and the rep's role and name. */
  outcome: string | null;
  direction: string | null;
  subject: string | null;
  userRole: string | null;
  userName: string | null;
}
type KeyedTouch = DetailedTouch;

/**
 * Opportunities created or closed within [start, end) (or those of `opportunityIds`), in every
 * currency, each with its journey:
 * the touchpoints (and the stitched anonymous visits) and sales activities of its primary
 * contact, of the contacts of its account and of the account, up to `now`.
 */
export async function listDealJourneys(
  db: Db,
  range: { start: Date; end: Date; now: Date },
  opportunityIds?: readonly string[],
): Promise<DealJourney[]> {
  let query = db
    .selectFrom('opportunities')
    .select([
      'id',
      'account_id',
      'person_id',
      'source',
      'amount_cents',
      'currency',
      'created_at',
      'closed_at',
      'outcome',
    ]);
  query = opportunityIds
    ? query.where('id', '=', anyText(opportunityIds))
    : query.where((eb) =>
        eb.or([
          eb.and([eb('created_at', '>=', range.start), eb('created_at', '<', range.end)]),
          eb.and([eb('closed_at', '>=', range.start), eb('closed_at', '<', range.end)]),
        ]),
      );
  const deals: DealRow[] = await query.orderBy('created_at').orderBy('id').execute();
  if (deals.length === 0) return [];

  const accountIds = [...new Set(deals.flatMap((d) => (d.account_id ? [d.account_id] : [])))];
  const contacts = await db
    .selectFrom('people')
    .select(['id', 'account_id'])
    .where((eb) =>
      eb.or([
        eb('account_id', '=', anyText(accountIds)),
        eb('id', '=', anyText(deals.flatMap((d) => (d.person_id ? [d.person_id] : [])))),
      ]),
    )
    .execute();
  const peopleOfAccount = new Map<string, string[]>();
  for (const c of contacts)
    if (c.account_id) peopleOfAccount.set(c.account_id, [...(peopleOfAccount.get(c.account_id) ?? []), c.id]);
  const personIds = contacts.map((c) => c.id);
  const touches = await listTouches(
    db,
    personIds,
    accountIds,
    deals.map((d) => d.id),
    range.now,
  );

  const byPerson = groupBy(touches, (t) => t.personId);
  const byAccount = groupBy(touches, (t) => t.accountId);
  const byOpportunity = groupBy(touches, (t) => t.opportunityId);
  return deals.map((d) => {
    const journey = new Map<string, DetailedTouch>();
    const people = new Set([...(d.account_id ? (peopleOfAccount.get(d.account_id) ?? []) : [])]);
    if (d.person_id) people.add(d.person_id);
    const take = (list: KeyedTouch[] | undefined) => {
      for (const t of list ?? []) journey.set(t.id, t);
    };
    for (const p of people) take(byPerson.get(p));
    if (d.account_id) take(byAccount.get(d.account_id));
    take(byOpportunity.get(d.id));
    return {
      id: d.id,
      amountCents: Number(d.amount_cents),
      currency: d.currency,
      source: d.source,
      createdAt: d.created_at,
      closedAt: d.closed_at,
      outcome: d.outcome === 'won' || d.outcome === 'lost' ? d.outcome : null,
      touches: [...journey.values()].sort(
        (a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id),
      ),
      accountId: d.account_id,
      personId: d.person_id,
    };
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

async function listTouches(
  db: Db,
  personIds: string[],
  accountIds: string[],
  opportunityIds: string[],
  now: Date,
): Promise<KeyedTouch[]> {
  const points = await sql<{
    id: string;
    type: string;
    occurred_at: Date;
    person_id: string | null;
    account_id: string | null;
    channel: string | null;
    campaign_id: string | null;
    url: string | null;
    campaign_name: string | null;
  }>`
    select 't' || t.id as id, t.type, t.occurred_at, coalesce(t.person_id, v.person_id) as person_id,
      t.account_id, coalesce(t.channel, c.channel) as channel, t.campaign_id, t.url, c.name as campaign_name
    from touchpoints t
    left join visitors v on t.person_id is null and v.visitor_id = t.visitor_id
    left join campaigns c on c.id = t.campaign_id
    where t.occurred_at <= ${now} and (
      t.person_id = ${anyText(personIds)}
      or t.account_id = ${anyText(accountIds)}
      or (t.person_id is null and t.visitor_id in
        (select visitor_id from visitors where person_id = ${anyText(personIds)})))
  `.execute(db);
  const activities = await db
    .selectFrom('activities as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select([
      'a.id',
      'a.type',
      'a.occurred_at',
      'a.person_id',
      'a.account_id',
      'a.opportunity_id',
      'a.outcome',
      'a.direction',
      'a.subject',
      'u.role',
      'u.name',
    ])
    .where('a.occurred_at', '<=', now)
    .where((eb) =>
      eb.or([
        eb('a.person_id', '=', anyText(personIds)),
        eb('a.account_id', '=', anyText(accountIds)),
        eb('a.opportunity_id', '=', anyText(opportunityIds)),
      ]),
    )
    .execute();
  const out: KeyedTouch[] = [];
  for (const p of points.rows) {
    const kind = touchpointKind(p.type, p.channel);
    if (!kind) continue;
    out.push({
      id: p.id,
      at: p.occurred_at,
      kind,
      type: p.type,
      channel: p.channel,
      campaignId: p.campaign_id,
      personId: p.person_id,
      accountId: p.account_id,
      opportunityId: null,
      url: p.url,
      campaignName: p.campaign_name,
      outcome: null,
      direction: null,
      subject: null,
      userRole: null,
      userName: null,
    });
  }
  for (const a of activities)
    out.push({
      id: `a${a.id}`,
      at: a.occurred_at,
      kind: 'sales',
      type: a.type,
      channel: 'sales',
      campaignId: null,
      personId: a.person_id,
      accountId: a.account_id,
      opportunityId: a.opportunity_id,
      url: null,
      campaignName: null,
      outcome: a.outcome,
      direction: a.direction,
      subject: a.subject,
      userRole: a.role,
      userName: a.name,
    });
  return out;
}

/** Campaigns in `currency` whose days meet [from, to]; missing days become the creation day. */
export async function listCampaignCosts(
  db: Db,
  range: { from: string; to: string },
  currency: string,
): Promise<CampaignCost[]> {
  const rows = await sql<{
    id: string;
    name: string;
    channel: string;
    cost_cents: number;
    starts_on: string;
    ends_on: string;
  }>`
    select id, name, channel, cost_cents,
      to_char(coalesce(starts_on, created_at::date), 'YYYY-MM-DD') as starts_on,
      to_char(coalesce(ends_on, starts_on, created_at::date), 'YYYY-MM-DD') as ends_on
    from campaigns
    where currency = ${currency}
      and coalesce(starts_on, created_at::date) <= ${range.to}::date
      and coalesce(ends_on, starts_on, created_at::date) >= ${range.from}::date
    order by id
  `.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    name: r.name,
    channel: r.channel,
    costCents: Number(r.cost_cents),
    startsOn: r.starts_on,
    endsOn: r.ends_on,
  }));
}

/**
 * People created in [start, end) or reaching MQL or SQL in it, with their lead source: the
 * first touchpoint (their own or a stitched anonymous visit) naming a channel or a campaign,
 * other than a sales channel's or an unsubscribe.
 */
export async function listLeadRecords(db: Db, range: { start: Date; end: Date }): Promise<LeadRecord[]> {
  const { start, end } = range;
  const rows = await sql<{
    created_in: boolean;
    mql_in: boolean;
    sql_in: boolean;
    channel: string | null;
    campaign_id: string | null;
    has_source: boolean;
  }>`
    with subjects as (
      -- Who and why from the two index ranges alone: no join to people, no probe a person.
      select person_id, bool_or(kind = 'created') as created_in, bool_or(kind = 'mql') as mql_in,
             bool_or(kind = 'sql') as sql_in
        from (select id as person_id, 'created' as kind from people
               where created_at >= ${start} and created_at < ${end}
              union all
              select person_id, to_stage from stage_history
               where to_stage in ('mql', 'sql') and at >= ${start} and at < ${end}) k
       group by person_id
    )
    select s.created_in, s.mql_in, s.sql_in,
      src.channel, src.campaign_id, src.campaign_id is not null or src.channel is not null as has_source
    from subjects s
    left join lateral (
      -- Each branch reads one index in (occurred_at, id) order and stops at its first match
      -- (migration 0011's partial indexes): a touch names a source by its own channel, or by
      -- its campaign's when it has none; the earliest of the three is the lead source.
      select x.channel, x.campaign_id from (
        (select t.occurred_at, t.id, t.channel, t.campaign_id
          from touchpoints t
         where t.person_id = s.person_id and t.channel is not null and t.channel not in ('outbound', 'sales')
         order by t.occurred_at, t.id limit 1)
        union all
        (select t.occurred_at, t.id, c.channel, t.campaign_id
          from touchpoints t left join campaigns c on c.id = t.campaign_id
         where t.person_id = s.person_id and t.campaign_id is not null and t.channel is null
           and coalesce(c.channel, '') not in ('outbound', 'sales')
         order by t.occurred_at, t.id limit 1)
        union all
        (select t.occurred_at, t.id, coalesce(t.channel, c.channel) as channel, t.campaign_id
          from visitors v
          join touchpoints t on t.visitor_id = v.visitor_id and t.person_id is null
          left join campaigns c on c.id = t.campaign_id
         where v.person_id = s.person_id and (t.channel is not null or t.campaign_id is not null)
           and coalesce(t.channel, c.channel, '') not in ('outbound', 'sales')
         order by t.occurred_at, t.id limit 1)
      ) x
      order by x.occurred_at, x.id
      limit 1
    ) src on true
  `.execute(db);
  return rows.rows.map((r) => ({
    createdInRange: r.created_in,
    mqlInRange: r.mql_in,
    sqlInRange: r.sql_in,
    source: r.has_source ? { channel: r.channel, campaignId: r.campaign_id } : null,
  }));
}

// ---- cost entries

export interface CostEntryRecord {
  id: string;
  function: 'marketing' | 'sales';
  category: string;
  amount: { cents: number; currency: string };
  startsOn: string;
  endsOn: string;
  notes: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function toCostEntry(row: CostEntryRow): CostEntryRecord {
  return {
    id: row.id,
    function: row.function === 'sales' ? 'sales' : 'marketing',
    category: row.category,
    amount: { cents: Number(row.amount_cents), currency: row.currency },
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertCostEntry(db: Db, entry: CostEntryRecord): Promise<CostEntryRecord> {
  const row = await db
    .insertInto('cost_entries')
    .values({
      id: entry.id,
      function: entry.function,
      category: entry.category,
      amount_cents: entry.amount.cents,
      currency: entry.amount.currency,
      starts_on: entry.startsOn,
      ends_on: entry.endsOn,
      notes: entry.notes,
      created_at: entry.createdAt,
      updated_at: entry.updatedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCostEntry(row);
}

export async function getCostEntry(db: Db, id: string): Promise<CostEntryRecord> {
  const row = await db.selectFrom('cost_entries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Cost entry', id);
  return toCostEntry(row);
}

/** Entries meeting the days [from, to] (all when absent), oldest range first. */
export async function listCostEntries(
  db: Db,
  filter: { from?: string | undefined; to?: string | undefined; function?: string | undefined } = {},
): Promise<CostEntryRecord[]> {
  let query = db.selectFrom('cost_entries').selectAll();
  if (filter.from) query = query.where('ends_on', '>=', filter.from);
  if (filter.to) query = query.where('starts_on', '<=', filter.to);
  if (filter.function) query = query.where('function', '=', filter.function);
  const rows = await query.orderBy('starts_on').orderBy('id').execute();
  return rows.map(toCostEntry);
}

export async function deleteCostEntryRow(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('cost_entries').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Entries as the economics model reads them: in one currency. */
export function costInputs(entries: readonly CostEntryRecord[], currency: string): CostEntry[] {
  return entries
    .filter((e) => e.amount.currency === currency)
    .map((e) => ({ function: e.function, cents: e.amount.cents, startsOn: e.startsOn, endsOn: e.endsOn }));
}
