import type { Db, Trx } from '../store/index.js';

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
  properties: Record<string, unknown>;
}

export async function loadPeople(db: Db | Trx, personIds: readonly string[]): Promise<PersonRecord[]> {
  if (personIds.length === 0) return [];
  const rows = await db
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
    .where('p.id', 'in', [...personIds])
    .where('p.erased_at', 'is', null)
    .execute();
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
    .where('person_id', 'in', [...personIds])
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

export async function findScores(
  db: Db | Trx,
  personIds: readonly string[],
): Promise<Map<string, StoredScore>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('person_scores')
    .selectAll()
    .where('person_id', 'in', [...personIds])
    .execute();
  return new Map(
    rows.map((r) => [
      r.person_id,
      {
        personId: r.person_id,
        modelVersion: r.model_version,
        fit: r.fit,
        engagement: r.engagement,
        decay: r.decay,
        total: r.total,
        qualifies: r.qualifies,
        rules: r.rules as unknown[],
        lastEngagementAt: r.last_engagement_at,
        scoredAt: r.scored_at,
      },
    ]),
  );
}

/** Stores the current scores (one statement) and appends history for those that changed. */
export async function saveScores(
  trx: Trx,
  scores: StoredScore[],
  changed: StoredScore[],
  cause: string,
): Promise<void> {
  if (scores.length > 0) {
    await trx
      .insertInto('person_scores')
      .values(
        scores.map((s) => ({
          person_id: s.personId,
          model_version: s.modelVersion,
          fit: s.fit,
          engagement: s.engagement,
          decay: s.decay,
          total: s.total,
          qualifies: s.qualifies,
          rules: JSON.stringify(s.rules),
          last_engagement_at: s.lastEngagementAt,
          scored_at: s.scoredAt,
        })),
      )
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet((eb) => ({
          model_version: eb.ref('excluded.model_version'),
          fit: eb.ref('excluded.fit'),
          engagement: eb.ref('excluded.engagement'),
          decay: eb.ref('excluded.decay'),
          total: eb.ref('excluded.total'),
          qualifies: eb.ref('excluded.qualifies'),
          rules: eb.ref('excluded.rules'),
          last_engagement_at: eb.ref('excluded.last_engagement_at'),
          scored_at: eb.ref('excluded.scored_at'),
        })),
      )
      .execute();
  }
  if (changed.length > 0) {
    await trx
      .insertInto('score_history')
      .values(
        changed.map((s) => ({
          person_id: s.personId,
          at: s.scoredAt,
          model_version: s.modelVersion,
          fit: s.fit,
          engagement: s.engagement,
          total: s.total,
          cause,
        })),
      )
      .execute();
  }
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
