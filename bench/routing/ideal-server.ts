/**
 * The server `npm run bench:routing-ideal` measures: the real `servio serve` (the same app,
 * HTTP stack, authentication, validation, answer and job settings) with one route more,
 * `POST /bench/ideal-events`. It takes `bench:routing`'s requests (a new person who becomes an
 * MQL: a pricing page view and a demo request by a new email) and writes what `POST /v1/events`
 * writes for them in the fewest round trips the work allows, the shape
 * `bench:routing-floor` measured in the database alone: after requests are coalesced as the
 * real ones are (two writes side by side), a batch takes one read (the pools' lock and
 * counters through `lock_routing_pools`, the people by email, the accounts by domain), decides
 * in memory, writes everything in one statement (account, person as an owned MQL, visitor,
 * touchpoints, the lead and MQL entries, score and its history, the counters, the decision,
 * the outbox row and a delivery for each subscription) and commits: begin, read, write, commit.
 *
 * It is an optimistic bound, not a second implementation: scoring, the rules and the hand-off
 * package are not computed (the values are those the real code gives these leads, fixed), no
 * existing person, visitor history, named account or capacity is considered, and nothing is
 * planned for a failure but the batch failing. A real server cannot be faster than this on the
 * same machine; if this misses the target, so would any rewrite of the write path.
 *
 * Run by bench/routing/run.ts (`--ideal`) as a child process (`node --import tsx`), with the environment
 * `servio serve` reads; prints the same "listening on" line and first admin key.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { type EventOutcome, summarize, type TouchpointEvent } from '../../src/activity/model.js';
import { EventsBody, IngestResultSchema } from '../../src/activity/schema.js';
import { validateBatch } from '../../src/activity/service.js';
import { getActiveAgreement } from '../../src/agreement/index.js';
import type { Ctx } from '../../src/app.js';
import { printAdminKey, startServer } from '../../src/cli/serve.js';
import { coalescer, loadConfig } from '../../src/core/index.js';

/** A request's lead: its two events, the demo request carrying the person. */
interface Lead {
  events: TouchpointEvent[];
  email: string;
  visitorId: string;
  person: NonNullable<TouchpointEvent['person']>;
}

const NORTH_AMERICA = new Set(['United States', 'Canada']);
const territoryOf = (country: string | undefined) =>
  country && NORTH_AMERICA.has(country) ? 'North America' : 'EMEA';
const poolOf = (territory: string) => `ideal:sdr:${territory}`;

/** What does not change between batches: the SDRs by territory, the subscriptions, the agreement's version. */
interface Reference {
  sdrs: Map<string, string[]>;
  subscriptions: string[];
  version: number;
}

let reference: Reference | undefined;

async function referenceOf(ctx: Ctx): Promise<Reference> {
  if (reference) return reference;
  const users = await sql<{ id: string; territory: string }>`
    select id, territory from users where role = 'sdr' and active and territory is not null order by id`.execute(
    ctx.db,
  );
  const sdrs = new Map<string, string[]>();
  for (const u of users.rows) sdrs.set(u.territory, [...(sdrs.get(u.territory) ?? []), u.id]);
  const subscriptions = await sql<{ id: string }>`
    select id from webhook_subscriptions where active and events ? 'lead.*' order by id`.execute(ctx.db);
  const { version } = await getActiveAgreement(ctx.db, ctx.clock);
  const found = { sdrs, subscriptions: subscriptions.rows.map((r) => r.id), version };
  // Set up through the API before the load: kept once there is someone to route to.
  if (sdrs.size > 0) reference = found;
  return found;
}

/** The checks the real decision stores (one a rule), with this lead's values. */
function checksOf(lead: Lead, territory: string) {
  const rules = ['Named account', 'Partner referral', 'Existing customer', 'Enterprise', 'Mid-market', 'SMB'];
  return rules.map((rule, i) => ({
    rule,
    index: i,
    matched: rule === 'Mid-market',
    why:
      rule === 'Mid-market'
        ? `employees ${lead.person.employees} within 50-499; TQL on: the SDRs of ${territory} qualify first`
        : `${rule.toLowerCase()}: not met for ${lead.person.company} (${lead.person.employees} employees)`,
  }));
}

/** The scoring rules that fired (the default model's, for these leads: 90 points). */
function rulesOf(lead: Lead) {
  return [
    { rule: 'title', kind: 'fit', points: 20, why: `title "${lead.person.title}" matches a buyer title` },
    {
      rule: 'company_size',
      kind: 'fit',
      points: 15,
      why: `${lead.person.employees} employees within 50-500`,
    },
    { rule: 'industry', kind: 'fit', points: 10, why: `industry ${lead.person.industry} is a target` },
    { rule: 'geography', kind: 'fit', points: 5, why: `country ${lead.person.country} is served` },
    { rule: 'pricing_page_view', kind: 'engagement', points: 15, why: 'visited the pricing page' },
    { rule: 'demo_request', kind: 'engagement', points: 25, why: 'requested a demo' },
  ];
}

async function writeLeads(ctx: Ctx, batch: Lead[][]): Promise<EventOutcome[][]> {
  const ref = await referenceOf(ctx);
  const leads = batch.flat();
  const now = ctx.clock.now();
  const due = new Date(now.getTime() + 3_600_000);
  const domains = leads.map((l) => l.email.split('@')[1]!);
  const territories = leads.map((l) => territoryOf(l.person.country));
  const pools = [...new Set(territories.map(poolOf))].sort();
  await ctx.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      counters: [string, string, number][];
      taken: string[];
      accounts: [string, string][];
    }>`
      select
        (select coalesce(json_agg(json_build_array(l.pool_key, l.user_id, l.assigned)), '[]')
           from lock_routing_pools(${pools}::text[]) l) as counters,
        (select coalesce(array_agg(p.email), '{}') from people p where p.email = any(${leads.map((l) => l.email)}::text[])) as taken,
        (select coalesce(json_agg(json_build_array(a.domain, a.id)), '[]')
           from accounts a where a.domain = any(${domains}::text[])) as accounts`.execute(trx);
    const read = rows[0]!;
    if (read.taken.length > 0) throw new Error(`ideal route: people exist already (${read.taken[0]})`);
    const accounts = new Map(read.accounts);
    // Round-robin in memory: the least assigned SDR of the territory, ties by id.
    const counts = new Map<string, Map<string, number>>();
    for (const pool of pools) counts.set(pool, new Map());
    for (const [pool, user, assigned] of read.counters) counts.get(pool)!.set(user, assigned);
    const picked = new Map<string, Map<string, number>>(pools.map((pool) => [pool, new Map()]));
    const owners = territories.map((territory) => {
      const pool = poolOf(territory);
      const count = counts.get(pool)!;
      const candidates = ref.sdrs.get(territory) ?? [];
      if (candidates.length === 0) throw new Error(`ideal route: no SDR in ${territory}`);
      let best = candidates[0]!;
      for (const user of candidates) if ((count.get(user) ?? 0) < (count.get(best) ?? 0)) best = user;
      count.set(best, (count.get(best) ?? 0) + 1);
      const mine = picked.get(pool)!;
      mine.set(best, (mine.get(best) ?? 0) + 1);
      return best;
    });
    const personIds = leads.map(() => ctx.ids.next('per'));
    const accountIds = domains.map((d) => accounts.get(d) ?? ctx.ids.next('acc'));
    const outboxIds = leads.map(() => ctx.ids.next('obx'));
    const touchpoints = leads.flatMap((lead, i) => lead.events.map((event) => ({ event, i })));
    const turns = [...picked].flatMap(([pool, users]) => [...users].map(([user, n]) => ({ pool, user, n })));
    const deliveries = outboxIds.flatMap((outbox) => ref.subscriptions.map((sub) => ({ outbox, sub })));
    const handoffs = leads.map((lead, i) => ({
      person: { id: personIds[i], email: lead.email, ...lead.person },
      score: { total: 90, fit: 50, engagement: 40, threshold: 50, rules: rulesOf(lead) },
      timeline: lead.events.map((e) => ({ type: e.type, at: e.occurredAt, url: e.url ?? null })),
      content: [],
      firmographics: { accountId: accountIds[i], domain: domains[i], employees: lead.person.employees },
      openOpportunities: [],
      persona: null,
      talkingPoints: [],
      owner: { id: owners[i] },
      slaDueAt: due,
    }));
    const col = <T>(pick: (lead: Lead, i: number) => T) => leads.map(pick);
    await sql`
      with k as materialized (
        select * from unnest(${personIds}::text[], ${col((l) => l.email)}::text[],
            ${col((l) => l.person.firstName ?? null)}::text[], ${col((l) => l.person.lastName ?? null)}::text[],
            ${col((l) => l.person.title ?? null)}::text[], ${col((l) => l.person.company ?? null)}::text[],
            ${accountIds}::text[], ${domains.map((d) => !accounts.has(d))}::bool[],
            ${domains}::text[], ${col((l) => l.person.country ?? null)}::text[],
            ${col((l) => l.person.industry ?? null)}::text[], ${col((l) => l.person.employees ?? null)}::int[],
            ${owners}::text[], ${territories.map(poolOf)}::text[], ${col((l) => l.visitorId)}::text[],
            ${col(() => ctx.ids.next('rtd'))}::text[], ${outboxIds}::text[],
            ${col((l) => JSON.stringify(rulesOf(l)))}::text[],
            ${col((l, i) => JSON.stringify(checksOf(l, territories[i]!)))}::text[],
            ${handoffs.map((h) => JSON.stringify(h))}::text[],
            ${col((l) => `${l.person.firstName} ${l.person.lastName} (${l.person.company}) was routed to you`)}::text[])
          as k(person_id, email, first_name, last_name, title, company, account_id, new_account, domain, country,
               industry, employees, owner, pool, visitor_id, decision_id, outbox_id, rules, checks, handoff, text)
      ),
      acc as (insert into accounts (id, name, domain, employees, industry, country, created_at, updated_at)
        select account_id, company, domain, employees, industry, country, ${now}, ${now} from k where new_account),
      ppl as (insert into people (id, email, first_name, last_name, title, company, account_id, stage,
          stage_entered_at, owner_user_id, country, industry, employees, created_at, updated_at, routed_at,
          first_touch_due_at)
        select person_id, email, first_name, last_name, title, company, account_id, 'mql', ${now}, owner,
          country, industry, employees, ${now}, ${now}, ${now}, ${due} from k),
      vis as (insert into visitors as v (visitor_id, person_id, first_seen_at, last_seen_at, identified_at)
        select visitor_id, person_id, ${now}, ${now}, ${now} from k
        on conflict (visitor_id) do update set person_id = excluded.person_id, identified_at = excluded.identified_at,
          last_seen_at = greatest(v.last_seen_at, excluded.last_seen_at)),
      tp as (insert into touchpoints (event_id, type, occurred_at, received_at, person_id, visitor_id, account_id,
          channel, url, properties)
        select t.*, '{}'::jsonb
          from unnest(${touchpoints.map((t) => t.event.eventId)}::text[], ${touchpoints.map((t) => t.event.type)}::text[],
                      ${touchpoints.map((t) => t.event.occurredAt)}::timestamptz[],
                      ${touchpoints.map(() => now)}::timestamptz[], ${touchpoints.map((t) => personIds[t.i])}::text[],
                      ${touchpoints.map((t) => leads[t.i]!.visitorId)}::text[],
                      ${touchpoints.map((t) => accountIds[t.i])}::text[],
                      ${touchpoints.map((t) => t.event.channel ?? 'direct')}::text[],
                      ${touchpoints.map((t) => t.event.url ?? null)}::text[])
            as t(event_id, type, occurred_at, received_at, person_id, visitor_id, account_id, channel, url)),
      sh as (insert into stage_history (person_id, from_stage, to_stage, at, actor_type, agreement_version)
        select person_id, s.f, s.t, ${now}, 'system', ${ref.version} from k, (values (null, 'lead'), ('lead', 'mql')) s(f, t)),
      ps as (insert into person_scores (person_id, model_version, fit, engagement, decay, total, qualifies, rules,
          last_engagement_at, scored_at)
        select person_id, ${ref.version}, 50, 40, 0, 90, true, rules::jsonb, ${now}, ${now} from k),
      hs as (insert into score_history (person_id, at, model_version, fit, engagement, total, cause)
        select person_id, ${now}, ${ref.version}, 50, 40, 90, 'events' from k),
      cnt as (insert into routing_counters as c (pool_key, user_id, assigned, last_assigned_at)
        select x.pool, x.user_id, x.n, ${now}
          from unnest(${turns.map((t) => t.pool)}::text[], ${turns.map((t) => t.user)}::text[],
                      ${turns.map((t) => t.n)}::int[]) as x(pool, user_id, n)
        on conflict (pool_key, user_id) do update set assigned = c.assigned + excluded.assigned,
          last_assigned_at = excluded.last_assigned_at),
      rd as (insert into routing_decisions (id, person_id, decided_at, trigger, agreement_version, outcome, rule_index,
          rule_name, step, pool, owner_user_id, checks, reason, actor_type)
        select decision_id, person_id, ${now}, 'mql', ${ref.version}, 'assigned', 4, 'Mid-market', 'qualification',
          pool, owner, checks::jsonb, 'round robin among the SDRs of the territory', 'system' from k),
      ob as (insert into outbox (id, type, text, subject_person_id, data, created_at)
        select outbox_id, 'lead.routed', text, person_id, handoff::jsonb, ${now} from k)
      insert into webhook_deliveries (id, outbox_id, subscription_id, status, next_attempt_at, created_at)
        select d.id, d.outbox_id, d.sub, 'pending', ${now}, ${now}
          from unnest(${deliveries.map(() => ctx.ids.next('dlv'))}::text[], ${deliveries.map((d) => d.outbox)}::text[],
                      ${deliveries.map((d) => d.sub)}::text[]) as d(id, outbox_id, sub)`.execute(trx);
  });
  return batch.map((request) =>
    request.flatMap((lead) =>
      lead.events.map((e): EventOutcome => ({ eventId: e.eventId, status: 'stored' })),
    ),
  );
}

/** Each request's leads, grouped by email (both events of a benchmark request share one). */
function leadsOf(events: TouchpointEvent[]): Lead[] {
  const byEmail = new Map<string, Lead>();
  for (const event of events) {
    if (!event.email || !event.visitorId)
      throw new Error(`ideal route: event ${event.eventId} has no email or visitor`);
    const lead = byEmail.get(event.email) ?? {
      events: [],
      email: event.email,
      visitorId: event.visitorId,
      person: {},
    };
    lead.events.push(event);
    if (event.person) lead.person = { ...lead.person, ...event.person };
    byEmail.set(event.email, lead);
  }
  return [...byEmail.values()];
}

function idealRoute(ctx: Ctx): FastifyPluginAsyncTypebox {
  const writer = coalescer<Lead[], EventOutcome[]>({
    maxInFlight: 2,
    maxWeight: 2_000,
    weigh: (leads) => leads.length,
    run: (batch) => writeLeads(ctx, batch),
  });
  return async (app) => {
    app.post(
      '/bench/ideal-events',
      {
        config: { permission: 'events:write' },
        schema: { body: EventsBody, response: { 200: IngestResultSchema } },
      },
      async (request) => {
        const { results, valid } = validateBatch(request.body.events, ctx.clock.now());
        if (valid.length < results.length)
          return summarize(results.map((r) => r ?? { eventId: null, status: 'rejected', errors: [] }));
        return summarize(await writer.submit(leadsOf(valid.map((v) => v.event))));
      },
    );
  };
}

// What `servio serve` runs (the inbox worker and the jobs as configured), with the route more.
const running = await startServer(
  loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0' }),
  undefined,
  async (server, ctx) => {
    await server.register(idealRoute(ctx));
  },
);
if (running.adminKey) printAdminKey(running.adminKey);
process.stdout.write(`Servio Align (ideal route) is listening on ${running.url}\n`);
await running.stopped;
