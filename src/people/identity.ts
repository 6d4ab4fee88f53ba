import type { FieldIssue } from '../core/index.js';
import type { MoveBy, Stage, StageChange } from '../lifecycle/index.js';
import { byKey, type Db, type Trx } from '../store/index.js';
import type { Account } from './account.js';
import { ensureAccountsForDomains, listAccountsByDomain } from './account-store.js';
import {
  accountDomainFor,
  companyNameFromDomain,
  mergeInputs,
  normalizePersonInput,
  type Person,
  type PersonInput,
} from './model.js';
import {
  insertPeople,
  listPeopleByEmail,
  type NewPerson,
  type PersonUpdate,
  updatePeopleFields,
  visitorsWithHistory,
} from './store.js';

export interface ResolveRequest {
  input: PersonInput;
  /** Anonymous visitor ids this person is known by (their earlier touchpoints join the person). */
  visitorIds?: string[] | undefined;
  /** Where the input came from, for field paths in errors (`/events/3`, `line 17`). */
  at?: string | undefined;
}

export type Resolution =
  | {
      ok: true;
      personId: string;
      accountId: string | null;
      created: boolean;
      /**
       * A person this call created, as stored, with the account it was placed at (null: none),
       * when that account is one this call read or created (not an explicit account id).
       */
      createdAs?: { person: Person; account: Account | null } | undefined;
    }
  | { ok: false; issues: FieldIssue[] };

interface Ids {
  next(prefix: string): string;
}

/**
 * Identity resolution for a batch, in the caller's transaction: people by normalised email
 * (created as leads when new, updated field by field when known), accounts by company
 * domain (never free-mail or .edu) or explicit id. A few queries per batch, not per person,
 * so ingestion keeps its pace. Results are in request order.
 */
export async function resolvePeople(
  trx: Trx,
  ids: Ids,
  at: Date,
  requests: readonly ResolveRequest[],
  by: MoveBy,
  options: {
    visitorsSighted?: boolean;
    /**
     * Where the accounts of company domains are read, and those unseen created. Ingestion passes the pool
     * (PostgreSQL): the insert then commits on its own, so that concurrent batches naming the
     * same new company do not wait for each other's commit (bench/README.md). An account for
     * a domain that was seen is harmless even if the batch then fails. Default: `trx`.
     */
    accountsDb?: Db | Trx;
  } = {},
): Promise<Resolution[]> {
  const results: Resolution[] = new Array(requests.length);
  const byEmail = new Map<string, { input: PersonInput; indexes: number[]; visitorIds: Set<string> }>();

  requests.forEach((request, index) => {
    const { value, issues } = normalizePersonInput(request.input, request.at ?? '');
    if (!value) {
      results[index] = { ok: false, issues };
      return;
    }
    const entry = byEmail.get(value.email);
    if (entry) {
      entry.input = mergeInputs(entry.input, value);
      entry.indexes.push(index);
      for (const v of request.visitorIds ?? []) entry.visitorIds.add(v);
    } else {
      byEmail.set(value.email, {
        input: value,
        indexes: [index],
        visitorIds: new Set(request.visitorIds ?? []),
      });
    }
  });
  if (byEmail.size === 0) return results;

  await rejectUnknownReferences(trx, requests, byEmail, results);

  // Accounts: explicit ids win; otherwise the company domain, created when unseen. The
  // domains' accounts are ensured beside the people's read when they go to a connection of
  // their own (`accountsDb`): the statement itself leaves alone a domain whose emails all
  // belong to people with an account.
  const domainByEmail = new Map<string, string>();
  const named = new Map<string, { input: PersonInput; emails: string[] }>();
  for (const [email, entry] of byEmail) {
    if (entry.input.accountId) continue;
    const domain = accountDomainFor(entry.input);
    if (!domain) continue;
    domainByEmail.set(email, domain);
    const seen = named.get(domain);
    if (seen) seen.emails.push(email);
    else named.set(domain, { input: entry.input, emails: [email] });
  }
  const ensure = () =>
    ensureAccountsForDomains(
      options.accountsDb ?? trx,
      [...named].map(([domain, { input, emails }]) => ({
        id: ids.next('acc'),
        domain,
        name: input.company?.trim() || companyNameFromDomain(domain),
        firmographics: { employees: input.employees, industry: input.industry, country: input.country },
        emails,
      })),
      at,
    );
  const apart = options.accountsDb !== undefined && options.accountsDb !== trx;
  const ensuring = apart ? ensure() : undefined;
  // Settled here: a failed people read leaves no rejection unheard; awaited below.
  ensuring?.catch(() => {});
  const existing = await listPeopleByEmail(trx, [...byEmail.keys()]);
  const accounts = await (ensuring ?? ensure());

  // The domains that place people: those of emails whose person has no account yet.
  const domainOf = new Map([...domainByEmail].filter(([email]) => !existing.get(email)?.accountId));
  // Only a domain another transaction created meanwhile is read again.
  const concurrent = [...new Set(domainOf.values())].filter((d) => !accounts.has(d));
  if (concurrent.length > 0)
    for (const [domain, account] of await listAccountsByDomain(trx, concurrent))
      accounts.set(domain, account);
  const accountFor = (email: string, input: PersonInput, current: string | null): string | null =>
    input.accountId ??
    current ??
    (domainOf.has(email) ? (accounts.get(domainOf.get(email)!)?.id ?? null) : null);

  const visitorIds = [...byEmail.values()].flatMap((e) => [...e.visitorIds]);
  const withHistory = options.visitorsSighted
    ? new Set(visitorIds)
    : await visitorsWithHistory(trx, visitorIds);
  const fresh: NewPerson[] = [];
  // The account each new person is placed at, when this call holds it (null: none).
  const freshAccounts = new Map<string, Account | null>();
  const changes: StageChange[] = [];
  const updates: PersonUpdate[] = [];
  // In email order: concurrent batches then lock people rows in one global order.
  for (const [email, entry] of [...byEmail].sort(byKey)) {
    if (entry.indexes.every((i) => results[i] !== undefined)) continue; // rejected above
    const person = existing.get(email);
    const accountId = accountFor(email, entry.input, person?.accountId ?? null);
    if (person) {
      const { stage: _ignored, accountId: _a, email: _e, attributes, ...fields } = entry.input;
      const changed = Object.entries(fields).some(
        ([k, v]) => v !== undefined && v !== (person as unknown as Record<string, unknown>)[k],
      );
      if (changed || accountId !== person.accountId || (attributes && Object.keys(attributes).length > 0)) {
        updates.push({ id: person.id, input: { ...fields, accountId }, attributes });
      }
      for (const i of entry.indexes)
        results[i] ??= { ok: true, personId: person.id, accountId, created: false };
      continue;
    }
    const id = ids.next('per');
    const stage = (entry.input.stage ?? 'lead') as Stage;
    const wasVisitor = [...entry.visitorIds].some((v) => withHistory.has(v));
    fresh.push({ id, input: entry.input, accountId, stage, at });
    if (!entry.input.accountId)
      freshAccounts.set(id, accountId === null ? null : (accounts.get(domainOf.get(email)!) ?? null));
    changes.push({
      personId: id,
      from: wasVisitor ? 'visitor' : null,
      to: stage,
      at,
      actorType: by.actorType,
      actorId: by.actorId,
      reason: wasVisitor ? 'identified' : 'created',
      reasonCode: null,
    });
    for (const i of entry.indexes) results[i] ??= { ok: true, personId: id, accountId, created: true };
  }

  // One statement for every known person whose fields changed, still in email order.
  await updatePeopleFields(trx, updates, at);
  // Each new person with their first stage entry, written with them (only if inserted).
  const inserted = await insertPeople(trx, fresh, changes);
  for (const p of fresh) {
    const person = inserted.get(p.id);
    const account = freshAccounts.get(p.id);
    if (!person || account === undefined) continue;
    for (const i of byEmail.get(p.input.email)!.indexes) {
      const result = results[i];
      if (result?.ok && result.personId === p.id) result.createdAs = { person, account };
    }
  }
  if (inserted.size < fresh.length) {
    // Someone else created some of these emails meanwhile: use their rows instead.
    const lost = fresh.filter((p) => !inserted.has(p.id));
    const theirs = await listPeopleByEmail(
      trx,
      lost.map((p) => p.input.email),
    );
    for (const p of lost) {
      const person = theirs.get(p.input.email)!;
      for (const i of byEmail.get(p.input.email)!.indexes) {
        results[i] = { ok: true, personId: person.id, accountId: person.accountId, created: false };
      }
    }
  }
  return results;
}

async function rejectUnknownReferences(
  trx: Trx,
  requests: readonly ResolveRequest[],
  byEmail: Map<string, { input: PersonInput; indexes: number[] }>,
  results: Resolution[],
): Promise<void> {
  const accountIds = new Set<string>();
  const userIds = new Set<string>();
  for (const { input } of byEmail.values()) {
    if (input.accountId) accountIds.add(input.accountId);
    if (input.ownerUserId) userIds.add(input.ownerUserId);
  }
  const knownAccounts =
    accountIds.size > 0
      ? new Set(
          (
            await trx
              .selectFrom('accounts')
              .select('id')
              .where('id', 'in', [...accountIds])
              .execute()
          ).map((r) => r.id),
        )
      : new Set<string>();
  const knownUsers =
    userIds.size > 0
      ? new Set(
          (
            await trx
              .selectFrom('users')
              .select('id')
              .where('id', 'in', [...userIds])
              .execute()
          ).map((r) => r.id),
        )
      : new Set<string>();
  for (const [email, entry] of byEmail) {
    const issues: FieldIssue[] = [];
    const prefix = requests[entry.indexes[0]!]?.at ?? '';
    if (entry.input.accountId && !knownAccounts.has(entry.input.accountId)) {
      issues.push({ path: `${prefix}/accountId`, message: `no account ${entry.input.accountId}` });
    }
    if (entry.input.ownerUserId && !knownUsers.has(entry.input.ownerUserId)) {
      issues.push({ path: `${prefix}/ownerUserId`, message: `no user ${entry.input.ownerUserId}` });
    }
    if (issues.length > 0) {
      for (const i of entry.indexes) results[i] = { ok: false, issues };
      byEmail.delete(email);
    }
  }
}
