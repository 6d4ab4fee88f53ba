import { CLI_PRINCIPAL } from '../../src/access/index.js';
import { ingestEvents, logSalesActivity, type SalesActivityInput } from '../../src/activity/index.js';
import { type CreateCampaignInput, createCampaign } from '../../src/campaigns/index.js';
import {
  type CreateOpportunityInput,
  closeOpportunityById,
  createOpportunity,
} from '../../src/opportunities/index.js';
import { type CreateTeamInput, type CreateUserInput, createTeam, createUser } from '../../src/org/index.js';
import { findPeople } from '../../src/people/index.js';
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

/** An SLA clock row written directly (the sla capability starts real ones from stored events). */
export async function rawClock(
  ctx: Ctx,
  clock: { policy: string; personId: string; status: string; startedAt: Date; dueAt: Date },
): Promise<void> {
  await ctx.db
    .insertInto('sla_clocks')
    .values({
      id: ctx.ids.next('clk'),
      policy: clock.policy,
      person_id: clock.personId,
      agreement_version: 1,
      started_at: clock.startedAt,
      due_at: clock.dueAt,
      status: clock.status,
      created_at: clock.startedAt,
    })
    .execute();
}

/** A stage entry written directly, already seen by the SLA job (reports read the history as it is). */
export async function rawStageEntry(
  ctx: Ctx,
  entry: { personId: string; to: string; at: Date; reasonCode?: string | undefined },
): Promise<void> {
  await ctx.db
    .insertInto('stage_history')
    .values({
      person_id: entry.personId,
      from_stage: null,
      to_stage: entry.to,
      at: entry.at,
      actor_type: 'system',
      reason_code: entry.reasonCode ?? null,
      sla_seen: true,
    })
    .execute();
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

// ---- revenue attribution (attribution/revenue-*, attribution/story-*)

/**
 * A quarter (2026-Q2, UTC) of four deals whose sourcing is known by hand:
 * A $30,000: an anonymous visit, then a webinar (campaign, $12,000), then a call; created
 *   Apr 15, won May 20: marketing-sourced and influenced.
 * B $10,000: a cold call first, created Apr 8 (source outbound), an email click Apr 20, won
 *   May 10: sales-sourced, marketing-influenced.
 * C $20,000: a call, created Apr 3, lost Jun 1 to HubSpot ("DQ-05 Chose a cheaper tool"):
 *   sales-sourced, not influenced.
 * D $50,000: no touch, source paid_search, created Jun 10, open: marketing-sourced by its source.
 */
export async function newRevenueQuarter(ctx: Ctx, clock: { set(at: Date | string): void }) {
  const n = nextSeq();
  const at = (iso: string) => {
    clock.set(iso);
    return iso;
  };
  const rep = await newUser(ctx, { role: 'sdr' });
  at('2026-04-01T08:00:00Z');
  const webinar = await newCampaign(ctx, {
    name: `Q2 webinar ${n}`,
    channel: 'webinar',
    cost: { cents: 1_200_000, currency: 'USD' },
    startsOn: '2026-04-10',
    endsOn: '2026-04-10',
  });
  const visitor = `v-rev-${n}`;
  const email = `buyer${n}@alpha${n}.test`;
  at('2026-04-01T10:00:00Z');
  await ingestEvents(
    ctx,
    [
      {
        eventId: `rev-${n}-1`,
        type: 'page_view',
        occurredAt: '2026-04-01T10:00:00Z',
        visitorId: visitor,
        url: 'https://servio.test/pricing',
      },
    ],
    CLI_PRINCIPAL,
  );
  at('2026-04-10T15:00:00Z');
  await ingestEvents(
    ctx,
    [
      {
        eventId: `rev-${n}-2`,
        type: 'webinar_attended',
        occurredAt: '2026-04-10T15:00:00Z',
        visitorId: visitor,
        email,
        campaignId: webinar.id,
        person: { company: `Alpha ${n}`, website: `alpha${n}.test` },
      },
    ],
    CLI_PRINCIPAL,
  );
  const personA = (await findPeople(ctx, { email }, { limit: 1 }, CLI_PRINCIPAL)).items[0]!;
  at('2026-04-12T09:00:00Z');
  await newSalesActivity(ctx, { personId: personA.id, userId: rep.id, occurredAt: '2026-04-12T09:00:00Z' });
  at('2026-04-15T09:00:00Z');
  const a = await newOpportunity(ctx, {
    name: `Alpha ${n} deal`,
    personId: personA.id,
    amount: { cents: 3_000_000, currency: 'USD' },
  });

  const accountB = await rawAccount(ctx, { name: `Beta ${n}` });
  const personB = await rawPerson(ctx, { accountId: accountB.id });
  at('2026-04-05T09:00:00Z');
  await newSalesActivity(ctx, { personId: personB.id, userId: rep.id, occurredAt: '2026-04-05T09:00:00Z' });
  at('2026-04-08T09:00:00Z');
  const b = await newOpportunity(ctx, {
    name: `Beta ${n} deal`,
    personId: personB.id,
    source: 'outbound',
    amount: { cents: 1_000_000, currency: 'USD' },
  });
  at('2026-04-20T09:00:00Z');
  await ingestEvents(
    ctx,
    [
      {
        eventId: `rev-${n}-3`,
        type: 'email_click',
        occurredAt: '2026-04-20T09:00:00Z',
        personId: personB.id,
        channel: 'email',
      },
    ],
    CLI_PRINCIPAL,
  );

  const accountC = await rawAccount(ctx, { name: `Gamma ${n}` });
  const personC = await rawPerson(ctx, { accountId: accountC.id });
  at('2026-04-02T09:00:00Z');
  await newSalesActivity(ctx, {
    personId: personC.id,
    userId: rep.id,
    type: 'meeting',
    outcome: 'held',
    occurredAt: '2026-04-02T09:00:00Z',
  });
  at('2026-04-03T09:00:00Z');
  const c = await newOpportunity(ctx, {
    name: `Gamma ${n} deal`,
    personId: personC.id,
    amount: { cents: 2_000_000, currency: 'USD' },
  });

  at('2026-05-10T12:00:00Z');
  await closeOpportunityById(ctx, b.id, { outcome: 'won', reason: 'Signed' }, CLI_PRINCIPAL);
  at('2026-05-20T12:00:00Z');
  await closeOpportunityById(
    ctx,
    a.id,
    { outcome: 'won', reason: 'Signed', winningFactor: 'Champion' },
    CLI_PRINCIPAL,
  );
  at('2026-06-01T12:00:00Z');
  await closeOpportunityById(
    ctx,
    c.id,
    { outcome: 'lost', reason: 'DQ-05 Chose a cheaper tool', competitor: 'HubSpot' },
    CLI_PRINCIPAL,
  );
  at('2026-06-10T09:00:00Z');
  const d = await newOpportunity(ctx, {
    name: `Delta ${n} deal`,
    source: 'paid_search',
    amount: { cents: 5_000_000, currency: 'USD' },
  });
  at('2026-07-01T00:00:00Z');
  return { webinar, a, b, c, d, personA, personB, personC, rep };
}
