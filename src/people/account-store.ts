import { sql } from 'kysely';
import { NotFoundError } from '../core/index.js';
import { type AccountRow, anyText, type Db, paginate, type Trx } from '../store/index.js';
import type { Page, PageRequest } from '../core/index.js';
import type { Account, AccountInput } from './account.js';

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    employees: row.employees,
    industry: row.industry,
    country: row.country,
    region: row.region,
    annualRevenueCents: row.annual_revenue_cents,
    ownerUserId: row.owner_user_id,
    isNamedAccount: row.is_named_account,
    isCustomer: row.is_customer,
    isCompetitor: row.is_competitor,
    isPartner: row.is_partner,
    externalId: row.external_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Column values for the fields the input sets (absent fields untouched). */
export function accountColumns(input: AccountInput) {
  const columns: Record<string, unknown> = {};
  const map: [keyof AccountInput, string][] = [
    ['name', 'name'],
    ['domain', 'domain'],
    ['employees', 'employees'],
    ['industry', 'industry'],
    ['country', 'country'],
    ['region', 'region'],
    ['annualRevenueCents', 'annual_revenue_cents'],
    ['ownerUserId', 'owner_user_id'],
    ['isNamedAccount', 'is_named_account'],
    ['isCustomer', 'is_customer'],
    ['isCompetitor', 'is_competitor'],
    ['isPartner', 'is_partner'],
    ['externalId', 'external_id'],
  ];
  for (const [field, column] of map) if (input[field] !== undefined) columns[column] = input[field];
  return columns;
}

export async function findAccount(db: Db | Trx, id: string): Promise<Account | undefined> {
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toAccount(row);
}

export async function getAccount(db: Db | Trx, id: string): Promise<Account> {
  const account = await findAccount(db, id);
  if (!account) throw new NotFoundError('Account', id);
  return account;
}

export async function listAccountsByDomain(db: Db | Trx, domains: string[]): Promise<Map<string, Account>> {
  if (domains.length === 0) return new Map();
  const rows = await db.selectFrom('accounts').selectAll().where('domain', '=', anyText(domains)).execute();
  return new Map(rows.map((row) => [row.domain!, toAccount(row)]));
}

/** A company domain a batch names, with the account it would create and the emails naming it. */
export interface DomainAccount {
  id: string;
  domain: string;
  name: string;
  firmographics: Pick<AccountInput, 'employees' | 'industry' | 'country'>;
  /** The batch's emails at the domain: the account is created only if one of them has no account yet. */
  emails: readonly string[];
}

/**
 * The accounts of these domains, by domain, in one statement: those that existed when it
 * began, and those it created. A domain's account is created only when it is unseen and one
 * of its emails belongs to nobody yet or to a person without an account (a person already at
 * an account never gets a second one from their email), so the caller may run it before it
 * has read the people. A domain another transaction created meanwhile (its insert was waited
 * for, then skipped) is left out: the caller reads it.
 */
export async function ensureAccountsForDomains(
  db: Db | Trx,
  accounts: readonly DomainAccount[],
  at: Date,
): Promise<Map<string, Account>> {
  if (accounts.length === 0) return new Map();
  const sorted = [...accounts].sort((a, b) => (a.domain < b.domain ? -1 : 1));
  const col = <T>(pick: (a: DomainAccount) => T) => sorted.map(pick);
  const pairs = sorted.flatMap((a) => a.emails.map((email) => [a.domain, email] as const));
  const { rows } = await sql<AccountRow>`
    with wanted as (
      select distinct x.domain from unnest(${pairs.map(([d]) => d)}::text[], ${pairs.map(([, e]) => e)}::text[])
        as x(domain, email)
      where not exists (select 1 from people p where p.email = x.email and p.account_id is not null)
    ), created as (
      insert into accounts (id, name, domain, employees, industry, country, created_at, updated_at)
      select a.id, a.name, a.domain, a.employees, a.industry, a.country, ${at}::timestamptz, ${at}::timestamptz
      from unnest(${col((a) => a.id)}::text[], ${col((a) => a.name)}::text[], ${col((a) => a.domain)}::text[],
        ${col((a) => a.firmographics.employees ?? null)}::integer[],
        ${col((a) => a.firmographics.industry ?? null)}::text[],
        ${col((a) => a.firmographics.country ?? null)}::text[])
        as a(id, name, domain, employees, industry, country)
      where a.domain in (select domain from wanted)
      on conflict (domain) do nothing
      returning *
    )
    -- The statement's snapshot predates its insert: no account is read twice.
    select * from created
    union all
    select * from accounts where domain = any(${col((a) => a.domain)}::text[])
  `.execute(db);
  return new Map(rows.map((row) => [row.domain!, toAccount(row)]));
}

export async function insertAccount(
  trx: Trx,
  id: string,
  input: AccountInput & { name: string },
  at: Date,
): Promise<Account> {
  const row = await trx
    .insertInto('accounts')
    .values({ ...(accountColumns(input) as object), id, name: input.name, created_at: at, updated_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAccount(row);
}

export async function updateAccount(trx: Trx, id: string, input: AccountInput, at: Date): Promise<Account> {
  const row = await trx
    .updateTable('accounts')
    .set({ ...(accountColumns(input) as object), updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Account', id);
  return toAccount(row);
}

export interface AccountFilters {
  domain?: string | undefined;
  ownerUserId?: string | undefined;
  namedAccount?: boolean | undefined;
  customer?: boolean | undefined;
  industry?: string | undefined;
  country?: string | undefined;
  q?: string | undefined;
}

export async function listAccounts(
  db: Db,
  filters: AccountFilters,
  page: Partial<PageRequest>,
): Promise<Page<Account>> {
  let query = db.selectFrom('accounts').selectAll();
  if (filters.domain) query = query.where('domain', '=', filters.domain);
  if (filters.ownerUserId) query = query.where('owner_user_id', '=', filters.ownerUserId);
  if (filters.namedAccount !== undefined) query = query.where('is_named_account', '=', filters.namedAccount);
  if (filters.customer !== undefined) query = query.where('is_customer', '=', filters.customer);
  if (filters.industry) query = query.where('industry', '=', filters.industry);
  if (filters.country) query = query.where('country', '=', filters.country);
  if (filters.q) query = query.where('name', 'ilike', `%${filters.q.replace(/[%_\\]/g, '\\$&')}%`);
  const result = await paginate(query, 'accounts', page);
  return { items: result.items.map(toAccount), nextCursor: result.nextCursor };
}

/** What still points at an account: it cannot be deleted while anything does. */
export async function countAccountReferences(db: Db | Trx, id: string): Promise<Record<string, number>> {
  const count = async (table: 'people' | 'opportunities' | 'activities' | 'touchpoints') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('account_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    people: await count('people'),
    opportunities: await count('opportunities'),
    activities: await count('activities'),
    touchpoints: await count('touchpoints'),
  };
}

export async function deleteAccountRow(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('accounts').where('id', '=', id).execute();
}

export async function accountExists(db: Db | Trx, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
  return row !== undefined;
}
