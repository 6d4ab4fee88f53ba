import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import { type Stage, type StageChange, stageHistoryInsert } from '../lifecycle/index.js';
import { sql } from 'kysely';
import { anyText, byKey, chunks, type Db, paginate, type PersonRow, type Trx } from '../store/index.js';
import type { Person, PersonInput } from './model.js';

export function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    title: row.title,
    phone: row.phone,
    company: row.company,
    accountId: row.account_id,
    stage: row.stage as Stage,
    stageEnteredAt: row.stage_entered_at,
    ownerUserId: row.owner_user_id,
    leadSource: row.lead_source,
    country: row.country,
    industry: row.industry,
    employees: row.employees,
    unsubscribed: row.unsubscribed,
    externalId: row.external_id,
    attributes: row.attributes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const FIELD_COLUMNS: [keyof PersonInput, string][] = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['title', 'title'],
  ['phone', 'phone'],
  ['company', 'company'],
  ['accountId', 'account_id'],
  ['ownerUserId', 'owner_user_id'],
  ['leadSource', 'lead_source'],
  ['country', 'country'],
  ['industry', 'industry'],
  ['employees', 'employees'],
  ['externalId', 'external_id'],
  ['unsubscribed', 'unsubscribed'],
];

/** Column values for the fields the input sets; absent fields are left alone. */
export function personColumns(input: Partial<PersonInput>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [field, column] of FIELD_COLUMNS) if (input[field] !== undefined) columns[column] = input[field];
  return columns;
}

export async function findPerson(db: Db | Trx, id: string): Promise<Person | undefined> {
  const row = await db
    .selectFrom('people')
    .selectAll()
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return row && toPerson(row);
}

export async function getPerson(db: Db | Trx, id: string): Promise<Person> {
  const person = await findPerson(db, id);
  if (!person) throw new NotFoundError('Person', id);
  return person;
}

export async function listPeopleByEmail(db: Db | Trx, emails: string[]): Promise<Map<string, Person>> {
  if (emails.length === 0) return new Map();
  const rows = await db.selectFrom('people').selectAll().where('email', '=', anyText(emails)).execute();
  return new Map(rows.map((row) => [row.email!, toPerson(row)]));
}

export interface NewPerson {
  id: string;
  input: PersonInput;
  accountId: string | null;
  stage: Stage;
  at: Date;
}

/**
 * Inserts new people; an email inserted concurrently by someone else is skipped (the people
 * returned, by id, tell). `history`: their first stage entries, written in the same statement
 * for the people actually inserted (one round trip, where an insert and then the history were two).
 */
export async function insertPeople(
  trx: Trx,
  people: NewPerson[],
  history: readonly StageChange[] = [],
): Promise<Map<string, Person>> {
  const inserted = new Map<string, Person>();
  for (const chunk of chunks(
    [...people].sort((a, b) => (a.input.email < b.input.email ? -1 : 1)),
    24,
  )) {
    const insert = trx
      .insertInto('people')
      .values(
        chunk.map((p) => ({
          ...(personColumns(p.input) as object),
          id: p.id,
          email: p.input.email,
          account_id: p.accountId,
          stage: p.stage,
          stage_entered_at: p.at,
          attributes: JSON.stringify(p.input.attributes ?? {}),
          created_at: p.at,
          updated_at: p.at,
        })),
      )
      .onConflict((oc) => oc.column('email').doNothing())
      .returningAll();
    const inChunk = new Set(chunk.map((p) => p.id));
    const entries = history.filter((c) => inChunk.has(c.personId));
    const rows =
      entries.length === 0
        ? await insert.execute()
        : (
            await sql<PersonRow>`with inserted as (${insert}),
              entries as (${stageHistoryInsert(entries, sql`select id from inserted`)})
              select * from inserted`.execute(trx)
          ).rows;
    for (const r of rows) inserted.set(r.id, toPerson(r));
  }
  return inserted;
}

export async function updatePersonFields(
  trx: Trx,
  id: string,
  input: Partial<PersonInput>,
  at: Date,
  mergeAttributes?: Record<string, unknown>,
): Promise<Person> {
  let query = trx
    .updateTable('people')
    .set({ ...(personColumns(input) as object), updated_at: at })
    .where('id', '=', id)
    .where('erased_at', 'is', null);
  if (mergeAttributes && Object.keys(mergeAttributes).length > 0) {
    query = query.set((eb) => ({
      attributes: eb(eb.ref('attributes'), '||', JSON.stringify(mergeAttributes) as never) as never,
    }));
  }
  const row = await query.returningAll().executeTakeFirst();
  if (!row) throw new NotFoundError('Person', id);
  return toPerson(row);
}

/** Array types of the columns `personColumns` writes, for `unnest`. */
const COLUMN_ARRAY_TYPES: Record<string, string> = { employees: 'integer[]', unsubscribed: 'boolean[]' };

export interface PersonUpdate {
  id: string;
  input: Partial<PersonInput>;
  /** Merged into `attributes` (keys replace keys), when given and not empty. */
  attributes?: Record<string, unknown> | undefined;
}

/**
 * `updatePersonFields` for many people in one statement (`update ... from unnest`): each
 * person's absent fields are left alone, per person, as there. Rows are locked in the order
 * given (callers pass one global order). Throws NotFoundError for a person erased meanwhile.
 */
export async function updatePeopleFields(
  trx: Trx,
  updates: readonly PersonUpdate[],
  at: Date,
): Promise<void> {
  if (updates.length === 0) return;
  const rows = updates.map((u) => personColumns(u.input));
  const columns = FIELD_COLUMNS.map(([, column]) => column).filter((column) =>
    rows.some((row) => column in row),
  );
  const arrays = columns.flatMap((column) => [
    sql`${rows.map((row) => (column in row ? row[column] : null))}::${sql.raw(COLUMN_ARRAY_TYPES[column] ?? 'text[]')}`,
    sql`${rows.map((row) => column in row)}::boolean[]`,
  ]);
  const names = columns.flatMap((column) => [sql.ref(`v_${column}`), sql.ref(`s_${column}`)]);
  const sets = columns.map(
    (column) =>
      sql`${sql.ref(column)} = case when s.${sql.ref(`s_${column}`)} then s.${sql.ref(`v_${column}`)} else p.${sql.ref(column)} end`,
  );
  const attributes = updates.map((u) =>
    u.attributes && Object.keys(u.attributes).length > 0 ? JSON.stringify(u.attributes) : null,
  );
  const updated = await sql<{ id: string }>`
    update people p set ${sql.join([
      ...sets,
      sql`attributes = case when s.attrs is null then p.attributes else p.attributes || s.attrs end`,
      sql`updated_at = ${at}`,
    ])}
    from unnest(${updates.map((u) => u.id)}::text[], ${attributes}::jsonb[]${sql.join(
      arrays.map((a) => sql`, ${a}`),
      sql``,
    )}) as s(id, attrs${sql.join(
      names.map((n) => sql`, ${n}`),
      sql``,
    )})
    where p.id = s.id and p.erased_at is null
    returning p.id
  `.execute(trx);
  if (updated.rows.length < updates.length) {
    const found = new Set(updated.rows.map((r) => r.id));
    throw new NotFoundError('Person', updates.find((u) => !found.has(u.id))!.id);
  }
}

export interface PeopleFilters {
  stage?: string | undefined;
  ownerUserId?: string | undefined;
  accountId?: string | undefined;
  email?: string | undefined;
  q?: string | undefined;
  createdSince?: Date | undefined;
  createdUntil?: Date | undefined;
}

export async function listPeople(
  db: Db,
  filters: PeopleFilters,
  page: Partial<PageRequest>,
): Promise<Page<Person>> {
  let query = db.selectFrom('people').selectAll().where('erased_at', 'is', null);
  if (filters.stage) query = query.where('stage', '=', filters.stage);
  if (filters.ownerUserId) query = query.where('owner_user_id', '=', filters.ownerUserId);
  if (filters.accountId) query = query.where('account_id', '=', filters.accountId);
  if (filters.email) query = query.where('email', '=', filters.email);
  if (filters.createdSince) query = query.where('created_at', '>=', filters.createdSince);
  if (filters.createdUntil) query = query.where('created_at', '<', filters.createdUntil);
  if (filters.q) {
    const like = `%${filters.q.replace(/[%_\\]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([
        eb('email', 'ilike', like),
        eb('first_name', 'ilike', like),
        eb('last_name', 'ilike', like),
        eb('company', 'ilike', like),
      ]),
    );
  }
  const result = await paginate(query, 'people', page);
  return { items: result.items.map(toPerson), nextCursor: result.nextCursor };
}

export interface TimelineEntry {
  kind: 'touchpoint' | 'activity';
  id: string;
  type: string;
  at: Date;
  detail: Record<string, unknown>;
}

/** The person's touchpoints and sales activities, newest first, bounded. */
export async function listTimeline(db: Db, personId: string, limit: number): Promise<TimelineEntry[]> {
  const touchpoints = await db
    .selectFrom('touchpoints')
    .select(['event_id', 'type', 'occurred_at', 'channel', 'url', 'campaign_id', 'content_id', 'properties'])
    .where('person_id', '=', personId)
    .orderBy('occurred_at', 'desc')
    .limit(limit)
    .execute();
  const activities = await db
    .selectFrom('activities')
    .select(['id', 'type', 'direction', 'outcome', 'occurred_at', 'user_id', 'subject'])
    .where('person_id', '=', personId)
    .orderBy('occurred_at', 'desc')
    .limit(limit)
    .execute();
  const entries: TimelineEntry[] = [
    ...touchpoints.map((t) => ({
      kind: 'touchpoint' as const,
      id: t.event_id,
      type: t.type,
      at: t.occurred_at,
      detail: {
        channel: t.channel,
        url: t.url,
        campaignId: t.campaign_id,
        contentId: t.content_id,
        properties: t.properties,
      },
    })),
    ...activities.map((a) => ({
      kind: 'activity' as const,
      id: a.id,
      type: a.type,
      at: a.occurred_at,
      detail: { direction: a.direction, outcome: a.outcome, userId: a.user_id, subject: a.subject },
    })),
  ];
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}

/**
 * Links anonymous visitors to the person they turned out to be, and gives their earlier
 * anonymous touchpoints to that person (and its account): one statement per batch, the
 * touchpoints updated from the links the upsert returns (visitors in id order). Returns the
 * people who were given touchpoints: their history is no longer only what the caller wrote.
 */
export async function identifyVisitors(
  trx: Trx,
  links: { visitorId: string; personId: string }[],
  at: Date,
): Promise<Set<string>> {
  if (links.length === 0) return new Set();
  const latest = [...new Map(links.map((l) => [l.visitorId, l.personId]))].sort(byKey);
  const { rows } = await sql<{ person_id: string }>`
    with linked as (
      insert into visitors as v (visitor_id, person_id, first_seen_at, last_seen_at, identified_at)
      select x.visitor_id, x.person_id, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
      from unnest(${latest.map(([v]) => v)}::text[], ${latest.map(([, p]) => p)}::text[])
        as x(visitor_id, person_id)
      on conflict (visitor_id) do update set
        person_id = excluded.person_id,
        identified_at = coalesce(v.identified_at, excluded.identified_at)
      returning v.visitor_id, v.person_id
    ), handed as (
      update touchpoints t set person_id = l.person_id, account_id = p.account_id
      from linked l join people p on p.id = l.person_id
      where t.visitor_id = l.visitor_id and t.person_id is null
      returning t.person_id
    )
    select distinct person_id from handed
  `.execute(trx);
  return new Set(rows.map((r) => r.person_id));
}

/**
 * Who these visitors are known as, the visitors locked FOR SHARE (in id order) to the commit:
 * a concurrent transaction identifying one of them finishes first and its link is read;
 * otherwise a page view stored beside a form fill stayed anonymous for good (neither
 * transaction saw the other's row). Every visitor is locked, linked or not: the link is what
 * may change.
 */
export async function findVisitorPeople(trx: Trx, visitorIds: string[]): Promise<Map<string, string>> {
  if (visitorIds.length === 0) return new Map();
  const { rows } = await sql<{ visitor_id: string; person_id: string | null }>`
    select visitor_id, person_id from visitors
    where visitor_id = any(${[...visitorIds].sort()}::text[])
    order by visitor_id for share
  `.execute(trx);
  return new Map(rows.flatMap((r) => (r.person_id ? [[r.visitor_id, r.person_id] as const] : [])));
}

/** Visitors that have anonymous touchpoints: identifying them moves Visitor -> Lead. */
export async function visitorsWithHistory(db: Db | Trx, visitorIds: string[]): Promise<Set<string>> {
  if (visitorIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('visitors')
    .select('visitor_id')
    .where('visitor_id', '=', anyText(visitorIds))
    .execute();
  return new Set(rows.map((r) => r.visitor_id));
}

/**
 * Erasure: the personal columns are cleared and the row is marked erased; the touchpoints,
 * stage history and opportunities stay, so funnel counts and attribution keep their totals.
 */
export async function erasePersonalData(trx: Trx, id: string, at: Date): Promise<boolean> {
  const row = await trx
    .updateTable('people')
    .set({
      email: null,
      first_name: null,
      last_name: null,
      title: null,
      phone: null,
      external_id: null,
      attributes: JSON.stringify({}),
      erased_at: at,
      updated_at: at,
    })
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await trx.updateTable('visitors').set({ person_id: null }).where('person_id', '=', id).execute();
  await trx
    .updateTable('touchpoints')
    .set({ properties: JSON.stringify({}), url: null })
    .where('person_id', '=', id)
    .execute();
  return true;
}

/** The account of a person (the default account of their deals and activities); undefined when no such person. */
export async function findPersonAccount(
  db: Db | Trx,
  personId: string,
): Promise<{ accountId: string | null } | undefined> {
  const row = await db
    .selectFrom('people')
    .select('account_id')
    .where('id', '=', personId)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return row && { accountId: row.account_id };
}
