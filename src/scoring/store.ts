import { type RawBuilder, sql } from 'kysely';
import { anyText, type Db, type Trx } from '../store/index.js';
import type { EventReads } from './reads.js';

/** What scoring reads about a person: their fields, their account's, and flags. */
export interface PersonRecord {
  id: string;
  stage: string;
  email: string | null;
  title: string | null;
  employees: number | null;
  industry: string | null;
  country: string | null;
  leadSource: string | null;
  unsubscribed: boolean;
  competitor: boolean;
  /** A recycled lead re-enters the MQL queue only with a score above this (null: any qualifying score). */
  requalifyAbove: number | null;
}

export interface EventRecord {
  id: string;
  type: string;
  occurredAt: Date;
  url: string | null;
  /** Null when read without (`loadScoringEvents`, types no condition filters on). */
  properties: Record<string, unknown> | null;
}

export async function loadPeople(
  db: Db | Trx,
  personIds: readonly string[],
  /**
   * Lock the people's rows to the commit as they are read, in id order (as
   * `lockPeopleStages`): the stages read are then current for the rest of the transaction.
   */
  options: { lock?: boolean } = {},
): Promise<PersonRecord[]> {
  if (personIds.length === 0) return [];
  const query = db
    .selectFrom('people as p')
    .leftJoin('accounts as a', 'a.id', 'p.account_id')
    .select([
      'p.id',
      'p.stage',
      'p.email',
      'p.title',
      'p.employees',
      'a.employees as account_employees',
      'p.industry',
      'a.industry as account_industry',
      'p.country',
      'a.country as account_country',
      'p.lead_source',
      'p.unsubscribed',
      'p.requalify_above',
      'a.is_competitor',
    ])
    .where('p.id', '=', anyText(personIds))
    .where('p.erased_at', 'is', null);
  // Like `lockPeopleStages`: FOR NO KEY UPDATE does not block concurrent touchpoint inserts.
  const rows = await (options.lock ? query.orderBy('p.id').forNoKeyUpdate('p') : query).execute();
  // The person's own firmographics win; the account's fill the gaps (imports often have only one).
  return rows.map((r) => ({
    id: r.id,
    stage: r.stage,
    email: r.email,
    title: r.title,
    employees: r.employees ?? r.account_employees ?? null,
    industry: r.industry ?? r.account_industry ?? null,
    country: r.country ?? r.account_country ?? null,
    leadSource: r.lead_source,
    unsubscribed: r.unsubscribed,
    competitor: r.is_competitor ?? false,
    requalifyAbove: r.requalify_above,
  }));
}

/** Every touchpoint of these people up to `until`, grouped by person. */
export async function loadEvents(
  db: Db | Trx,
  personIds: readonly string[],
  until: Date,
): Promise<Map<string, EventRecord[]>> {
  const byPerson = new Map<string, EventRecord[]>();
  if (personIds.length === 0) return byPerson;
  const rows = await db
    .selectFrom('touchpoints')
    .select(['person_id', 'event_id', 'type', 'occurred_at', 'url', 'properties'])
    .where('person_id', '=', anyText(personIds))
    .where('occurred_at', '<=', until)
    .execute();
  for (const row of rows) {
    const list = byPerson.get(row.person_id!) ?? [];
    list.push({
      id: row.event_id,
      type: row.type,
      occurredAt: row.occurred_at,
      url: row.url,
      properties: row.properties,
    });
    byPerson.set(row.person_id!, list);
  }
  return byPerson;
}

/**
 * The touchpoints of these people up to `until` that can change their score under a model
 * (`reads.ts`, the SQL form of `selectReads`): each type within its lookback, plus every
 * engaging touchpoint at each person's latest engaging instant (found by a backward scan of
 * `touchpoints_journey_idx` (migration 0020) that stops at the first match), url and properties only where a
 * condition reads them. One statement, grouped by person.
 */
export async function loadScoringEvents(
  db: Db | Trx,
  personIds: readonly string[],
  until: Date,
  reads: EventReads,
): Promise<Map<string, EventRecord[]>> {
  const byPerson = new Map<string, EventRecord[]>();
  if (personIds.length === 0) return byPerson;
  const ids = [...personIds];
  const windows = new Map<number, string[]>();
  for (const [type, lookback] of reads.lookbackMs) {
    const types = windows.get(lookback) ?? [];
    types.push(type);
    windows.set(lookback, types);
  }
  const inLookback = [...windows].map(([lookback, types]) =>
    Number.isFinite(lookback)
      ? sql`(type = any(${types}::text[]) and occurred_at >= ${new Date(until.getTime() - lookback)})`
      : sql`type = any(${types}::text[])`,
  );
  const detailed = sql`type = any(${reads.detailed}::text[])`;
  const columns = sql`person_id, event_id, type, occurred_at,
    case when ${detailed} then url end as url, case when ${detailed} then properties end as properties`;
  const parts = [];
  if (inLookback.length > 0) {
    parts.push(sql`select ${columns} from touchpoints
      where person_id = any(${ids}::text[]) and occurred_at <= ${until} and (${sql.join(inLookback, sql` or `)})`);
  }
  if (reads.engaging.length > 0) {
    const engaging = sql`type = any(${reads.engaging}::text[])`;
    parts.push(sql`select ${columns} from unnest(${ids}::text[]) as p(id)
      cross join lateral (
        select max(occurred_at) as at from touchpoints
        where person_id = p.id and occurred_at <= ${until} and ${engaging}
      ) m
      join touchpoints on person_id = p.id and occurred_at = m.at and ${engaging}`);
  }
  if (parts.length === 0) return byPerson;
  const { rows } = await sql`${sql.join(parts, sql` union all `)}`.execute(db);
  const seen = new Set<string>();
  for (const row of rows as {
    person_id: string;
    event_id: string;
    type: string;
    occurred_at: Date;
    url: string | null;
    properties: Record<string, unknown> | null;
  }[]) {
    // The latest engagement is usually within its lookback too: read twice, kept once.
    if (seen.has(row.event_id)) continue;
    seen.add(row.event_id);
    const list = byPerson.get(row.person_id) ?? [];
    list.push({
      id: row.event_id,
      type: row.type,
      occurredAt: row.occurred_at,
      url: row.url,
      properties: row.properties,
    });
    byPerson.set(row.person_id, list);
  }
  return byPerson;
}

export interface StoredScore {
  personId: string;
  modelVersion: number;
  fit: number;
  engagement: number;
  decay: number;
  total: number;
  qualifies: boolean;
  rules: unknown[];
  lastEngagementAt: Date | null;
  scoredAt: Date;
}

/**
 * The writes that store these scores (arrays per column, `unnest`; rows in person id order, so
 * concurrent batches that score the same people lock their score rows in one global order) and
 * append history for each score that changed its total, fit or model version, for a caller that
 * writes them in one statement with its own (`writeTogether`), the history last. The history
 * compares with the stored score as the statement found it, so the people must be locked
 * (scoring holds them from its read): a concurrent scorer would otherwise slip in between.
 */
export function scoreWrites(scores: readonly StoredScore[], cause: string): RawBuilder<unknown>[] {
  if (scores.length === 0) return [];
  const sorted = [...scores].sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
  const column = <T>(pick: (s: StoredScore) => T) => sorted.map(pick);
  return [
    sql`
      insert into person_scores as ps (person_id, model_version, fit, engagement, decay, total,
        qualifies, rules, last_engagement_at, scored_at)
      select * from unnest(
        ${column((s) => s.personId)}::text[], ${column((s) => s.modelVersion)}::integer[],
        ${column((s) => s.fit)}::integer[], ${column((s) => s.engagement)}::integer[],
        ${column((s) => s.decay)}::integer[], ${column((s) => s.total)}::integer[],
        ${column((s) => s.qualifies)}::boolean[], ${column((s) => JSON.stringify(s.rules))}::jsonb[],
        ${column((s) => s.lastEngagementAt)}::timestamptz[], ${column((s) => s.scoredAt)}::timestamptz[]
      )
      on conflict (person_id) do update set
        model_version = excluded.model_version, fit = excluded.fit, engagement = excluded.engagement,
        decay = excluded.decay, total = excluded.total, qualifies = excluded.qualifies,
        rules = excluded.rules, last_engagement_at = excluded.last_engagement_at,
        scored_at = excluded.scored_at
    `,
    sql`
      insert into score_history (person_id, at, model_version, fit, engagement, total, cause)
      select x.p, x.a, x.v, x.f, x.e, x.t, ${cause} from unnest(
        ${column((s) => s.personId)}::text[], ${column((s) => s.scoredAt)}::timestamptz[],
        ${column((s) => s.modelVersion)}::integer[], ${column((s) => s.fit)}::integer[],
        ${column((s) => s.engagement)}::integer[], ${column((s) => s.total)}::integer[]
      ) as x(p, a, v, f, e, t)
      left join person_scores before on before.person_id = x.p
      where before.person_id is null or before.total <> x.t or before.fit <> x.f
        or before.model_version <> x.v
    `,
  ];
}

export async function listScoreHistory(db: Db, personId: string, limit: number) {
  return db
    .selectFrom('score_history')
    .select(['at', 'model_version', 'fit', 'engagement', 'total', 'cause'])
    .where('person_id', '=', personId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
