import { CLI_PRINCIPAL } from '../../src/access/index.js';
import { logSalesActivity, type SalesActivityInput } from '../../src/activity/index.js';
import { type CreateCampaignInput, createCampaign } from '../../src/campaigns/index.js';
import { type CreateOpportunityInput, createOpportunity } from '../../src/opportunities/index.js';
import { type CreateTeamInput, type CreateUserInput, createTeam, createUser } from '../../src/org/index.js';
import type { Ctx } from '../../src/app.js';
import { main } from '../../src/cli/main.js';
import type { StoreKind } from '../../src/store/index.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject, vi } from 'vitest';
import { databaseUrlFor } from './postgres.js';

/**
 * Factories: each fills the defaults so a test shows only what matters to it. Append yours;
 * keep names unique across capabilities.
 */

let sequence = 0;
/** A number unique within the test process, for emails, names and external ids. */
export function nextSeq(): number {
  sequence += 1;
  return sequence;
}

// ---- org, campaigns, opportunities, sales activities (org/, campaigns/, opportunities/, activity/sales-*)

export function newTeam(ctx: Ctx, overrides: Partial<CreateTeamInput> = {}) {
  return createTeam(ctx, { name: `Team ${nextSeq()}`, function: 'ae', ...overrides }, CLI_PRINCIPAL);
}

export function newUser(ctx: Ctx, overrides: Partial<CreateUserInput> = {}) {
  const n = nextSeq();
  return createUser(
    ctx,
    { email: `rep${n}@servio.test`, name: `Rep ${n}`, role: 'ae', timeZone: 'Europe/Paris', ...overrides },
    CLI_PRINCIPAL,
  );
}

export function newCampaign(ctx: Ctx, overrides: Partial<CreateCampaignInput> = {}) {
  return createCampaign(
    ctx,
    { name: `Campaign ${nextSeq()}`, channel: 'webinar', ...overrides },
    CLI_PRINCIPAL,
  );
}

export function newOpportunity(ctx: Ctx, overrides: Partial<CreateOpportunityInput> = {}) {
  return createOpportunity(
    ctx,
    { name: `Deal ${nextSeq()}`, amount: { cents: 2_500_000, currency: 'USD' }, ...overrides },
    CLI_PRINCIPAL,
  );
}

export async function newSalesActivity(ctx: Ctx, overrides: Partial<SalesActivityInput> = {}) {
  const { activity } = await logSalesActivity(
    ctx,
    { type: 'call', outcome: 'connected', ...overrides },
    CLI_PRINCIPAL,
  );
  return activity;
}

/** An account row written directly (the people capability owns the real use cases). */
export async function rawAccount(
  ctx: Ctx,
  overrides: { name?: string; domain?: string | null } = {},
): Promise<{ id: string }> {
  const n = nextSeq();
  const now = ctx.clock.now();
  const id = ctx.ids.next('acc');
  await ctx.db
    .insertInto('accounts')
    .values({
      id,
      name: overrides.name ?? `Account ${n}`,
      domain: overrides.domain === undefined ? `account${n}.test` : overrides.domain,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id };
}

/** A person row written directly, optionally at an account. */
export async function rawPerson(
  ctx: Ctx,
  overrides: { accountId?: string | null; email?: string } = {},
): Promise<{ id: string }> {
  const n = nextSeq();
  const now = ctx.clock.now();
  const id = ctx.ids.next('per');
  await ctx.db
    .insertInto('people')
    .values({
      id,
      email: overrides.email ?? `person${n}@people.test`,
      account_id: overrides.accountId ?? null,
      stage: 'lead',
      stage_entered_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id };
}

/** What `servio ...` printed and returned, run in-process. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real CLI (`main(argv, env)`) over a database of `kind` of its own for the enclosing
 * `describe`: a PGlite data dir in a temporary folder, or a PostgreSQL clone of the template.
 */
export function useCli(kind: StoreKind): { run(...argv: string[]): Promise<CliRun> } {
  let env: Record<string, string> = {};
  let dir: string | undefined;
  beforeAll(async () => {
    if (kind === 'pglite') {
      dir = await mkdtemp(path.join(os.tmpdir(), 'servio-cli-'));
      env = { SERVIO_DATA_DIR: dir, LOG_LEVEL: 'silent' };
    } else {
      const adminUrl = inject('postgresAdminUrl');
      const template = inject('postgresTemplate');
      if (!adminUrl || !template) throw new Error('PostgreSQL CLI tests need SERVIO_TEST_DATABASE_URL');
      env = { DATABASE_URL: await databaseUrlFor(adminUrl, template), LOG_LEVEL: 'silent' };
    }
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    async run(...argv) {
      let stdout = '';
      let stderr = '';
      const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stdout += String(chunk);
        return true;
      });
      const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stderr += String(chunk);
        return true;
      });
      try {
        const code = await main(['node', 'servio', ...argv], env);
        return { code, stdout, stderr };
      } finally {
        out.mockRestore();
        err.mockRestore();
      }
    },
  };
}

// ---- routing and feedback (routing/, feedback/)

/**
 * A small revenue organisation shaped for the default routing rules: SDRs by territory,
 * enterprise AEs by territory, mid-market AEs, a partner team and customer success.
 */
export async function newSalesOrg(ctx: Ctx) {
  const team = (name: string, fn: string) => newTeam(ctx, { name: `${name} ${nextSeq()}`, function: fn });
  const [sdr, ent, mid, partner, cs] = [
    await team('SDR', 'sdr'),
    await team('AE Enterprise', 'ae'),
    await team('AE Mid-Market', 'ae'),
    await team('Partner Sales', 'partner'),
    await team('Customer Success', 'cs'),
  ];
  const user = (teamId: string, role: string, extra: Partial<CreateUserInput> = {}) =>
    newUser(ctx, { teamId, role, ...extra });
  return {
    sdrNa: [
      await user(sdr.id, 'sdr', { territory: 'North America' }),
      await user(sdr.id, 'sdr', { territory: 'North America' }),
    ],
    sdrEmea: [await user(sdr.id, 'sdr', { territory: 'EMEA' })],
    entNa: [await user(ent.id, 'ae', { segment: 'enterprise', territory: 'North America' })],
    entEmea: [await user(ent.id, 'ae', { segment: 'enterprise', territory: 'EMEA' })],
    mid: [
      await user(mid.id, 'ae', { segment: 'mid_market' }),
      await user(mid.id, 'ae', { segment: 'mid_market' }),
      await user(mid.id, 'ae', { segment: 'mid_market' }),
    ],
    partner: [await user(partner.id, 'ae')],
    cs: [await user(cs.id, 'csm')],
  };
}

export interface LeadOverrides {
  stage?: string;
  employees?: number | null;
  country?: string | null;
  leadSource?: string | null;
  title?: string | null;
  ownerUserId?: string | null;
  account?: {
    namedAccount?: boolean;
    customer?: boolean;
    ownerUserId?: string | null;
    employees?: number | null;
  } | null;
}

/** A lead row written directly (an MQL by default), with an account when asked. */
export async function newLead(
  ctx: Ctx,
  o: LeadOverrides = {},
): Promise<{ id: string; accountId: string | null }> {
  const n = nextSeq();
  const now = ctx.clock.now();
  let accountId: string | null = null;
  if (o.account) {
    accountId = ctx.ids.next('acc');
    await ctx.db
      .insertInto('accounts')
      .values({
        id: accountId,
        name: `Account ${n}`,
        domain: `lead${n}.test`,
        employees: o.account.employees ?? null,
        owner_user_id: o.account.ownerUserId ?? null,
        is_named_account: o.account.namedAccount ?? false,
        is_customer: o.account.customer ?? false,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const id = ctx.ids.next('per');
  await ctx.db
    .insertInto('people')
    .values({
      id,
      email: `lead${n}@lead${n}.test`,
      first_name: 'Lead',
      last_name: String(n),
      title: o.title ?? 'VP Marketing',
      account_id: accountId,
      stage: o.stage ?? 'mql',
      stage_entered_at: now,
      owner_user_id: o.ownerUserId ?? null,
      employees: o.employees === undefined ? 120 : o.employees,
      country: o.country === undefined ? 'United States' : o.country,
      lead_source: o.leadSource ?? 'webinar',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, accountId };
}
