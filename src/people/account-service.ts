import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import {
  ConflictError,
  normalizeDomain,
  type Page,
  type PageRequest,
  ValidationError,
} from '../core/index.js';
import { recordAudit, type Trx } from '../store/index.js';
import type { Account, AccountInput } from './account.js';
import {
  type AccountFilters,
  countAccountReferences,
  deleteAccountRow,
  getAccount,
  insertAccount,
  listAccounts,
  listAccountsByDomain,
  updateAccount,
} from './account-store.js';
import { isCompanyDomain } from './free-mail.js';

async function checkAccountInput(trx: Trx, input: AccountInput, selfId?: string): Promise<AccountInput> {
  const issues = [];
  const value = { ...input };
  if (value.domain) {
    value.domain = normalizeDomain(value.domain);
    if (!isCompanyDomain(value.domain)) {
      issues.push({
        path: '/domain',
        message: `${value.domain} is a free-mail or academic domain, not a company's`,
      });
    } else {
      const other = (await listAccountsByDomain(trx, [value.domain])).get(value.domain);
      if (other && other.id !== selfId) {
        throw new ConflictError(
          `Account ${other.id} already has the domain ${value.domain}`,
          'duplicate_domain',
          {
            field: '/domain',
            accountId: other.id,
          },
        );
      }
    }
  }
  if (value.ownerUserId) {
    const user = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', value.ownerUserId)
      .executeTakeFirst();
    if (!user) issues.push({ path: '/ownerUserId', message: `no user ${value.ownerUserId}` });
  }
  if (issues.length > 0) throw new ValidationError('The account is invalid', issues);
  return value;
}

export async function createAccount(
  ctx: Ctx,
  input: AccountInput & { name: string },
  principal: Principal,
): Promise<Account> {
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const value = await checkAccountInput(trx, input);
    const account = await insertAccount(trx, ctx.ids.next('acc'), { ...value, name: input.name }, at);
    await recordAudit(trx, {
      at,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'account.created',
      subjectType: 'account',
      subjectId: account.id,
    });
    return account;
  });
}

export async function changeAccount(
  ctx: Ctx,
  id: string,
  input: AccountInput,
  principal: Principal,
): Promise<Account> {
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await getAccount(trx, id);
    const value = await checkAccountInput(trx, input, id);
    const account = await updateAccount(trx, id, value, at);
    await recordAudit(trx, {
      at,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'account.updated',
      subjectType: 'account',
      subjectId: id,
      details: { fields: Object.keys(input) },
    });
    return account;
  });
}

export function showAccount(ctx: Ctx, id: string): Promise<Account> {
  return getAccount(ctx.db, id);
}

export function findAccounts(
  ctx: Ctx,
  filters: AccountFilters,
  page: Partial<PageRequest>,
): Promise<Page<Account>> {
  return listAccounts(
    ctx.db,
    { ...filters, domain: filters.domain ? normalizeDomain(filters.domain) : undefined },
    page,
  );
}

/** Deletes an account nothing refers to; otherwise 409 with what still refers to it. */
export async function deleteAccount(ctx: Ctx, id: string, principal: Principal): Promise<Account> {
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const account = await getAccount(trx, id);
    const references = await countAccountReferences(trx, id);
    const used = Object.entries(references).filter(([, n]) => n > 0);
    if (used.length > 0) {
      throw new ConflictError(
        `Account ${id} is still referred to by ${used.map(([table, n]) => `${n} ${table}`).join(', ')}`,
        'account_in_use',
        { references },
      );
    }
    await deleteAccountRow(trx, id);
    await recordAudit(trx, {
      at,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'account.deleted',
      subjectType: 'account',
      subjectId: id,
    });
    return account;
  });
}
