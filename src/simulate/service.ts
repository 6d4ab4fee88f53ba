import type { Principal, Role } from '../access/index.js';
import { ingestEvents, logSalesActivity } from '../activity/index.js';
import type { Ctx } from '../app.js';
import { createCampaign } from '../campaigns/index.js';
import { DAY, HOUR, ManualClock, seededIds, seededRandom } from '../core/index.js';
import { dispositionLead, raiseFlag, recordWinLoss } from '../feedback/index.js';
import { closeOpportunityById, createOpportunity, updateOpportunity } from '../opportunities/index.js';
import { createTeam, createUser, updateTeam, type User } from '../org/index.js';
import { findPeople, updatePerson, upsertPerson } from '../people/index.js';
import { sweepClocks } from '../sla/index.js';
import { planCampaigns, planMarket, planOrganisation } from './company.js';
import { seedContent } from './content.js';
import { seedMeetings } from './meetings.js';
import {
  type LeadPlan,
  planAnonymousVisitor,
  planLead,
  REQUEUE_REASONS,
  SLOT,
  type Step,
} from './journey.js';
import { planOutboundProspect } from './outbound.js';
import { seedPlanning } from './plans.js';
import { competitorFor, planWinLossFeedback } from './win-loss.js';

/** How often the simulated SLA sweeper runs; a divisor of a day, so the daily content step lands on day boundaries. */
const SWEEP_EVERY = 4 * HOUR;

export interface SimulationOptions {
  days: number;
  leads: number;
  seed: number;
  /** First simulated day (UTC midnight); default: `days` before today. */
  start?: Date | undefined;
}

export interface SimulationReport {
  seed: number;
  start: string;
  end: string;
  users: number;
  campaigns: number;
  events: { stored: number; duplicates: number; rejected: number };
  mqls: number;
  /** MQLs routing could not place (they wait in the watched queue). */
  unassigned: number;
  sqls: number;
  disqualified: number;
  recycled: number;
  activities: number;
  opportunities: { opened: number; won: number; lost: number };
  /** SLA clocks that breached (and fired reminders) during the simulated period. */
  slaBreaches: number;
}

export type Progress = (done: number, total: number) => void;

const SIMULATOR = (role: Role, userId: string | null): Principal => ({
  kind: 'system',
  id: 'simulator',
  role,
  userId,
  name: 'simulator',
});
const ADMIN = SIMULATOR('admin', null);

/**
 * Generates a company and a quarter of its revenue life, written through the same services
 * as the API (ingestion, lifecycle, activities, opportunities), with the clock moved to
 * each step's time. Deterministic for a seed and a start date: ids and data alike.
 */
export async function simulate(
  base: Ctx,
  options: SimulationOptions,
  progress: Progress = () => {},
): Promise<SimulationReport> {
  const today = base.clock.now();
  const start =
    options.start ??
    new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - options.days * DAY);
  const end = start.getTime() + options.days * DAY;
  const clock = new ManualClock(start);
  const ctx: Ctx = { ...base, clock, ids: seededIds(clock, options.seed) };
  const random = seededRandom(options.seed);

  // The organisation.
  const org = planOrganisation(random);
  const users = new Map<string, User>();
  const teamIds = new Map<string, string>();
  for (const team of org.teams)
    teamIds.set(team.name, (await createTeam(ctx, { name: team.name, function: team.function }, ADMIN)).id);
  for (const plan of org.users) {
    const user = await createUser(
      ctx,
      {
        email: plan.email,
        name: plan.name,
        role: plan.role,
        timeZone: plan.timeZone,
        teamId: teamIds.get(plan.team) ?? null,
        managerUserId: plan.manager ? users.get(plan.manager)!.id : null,
        territory: plan.territory,
        segment: plan.segment,
      },
      ADMIN,
    );
    users.set(plan.key, user);
  }
  for (const team of org.teams)
    await updateTeam(ctx, teamIds.get(team.name)!, { managerUserId: users.get(team.manager)!.id }, ADMIN);
  const all = [...users.values()];
  const marketer = all.find((u) => u.role === 'marketing')!;
  const aes = (segment: string) => all.filter((u) => u.role === 'ae' && u.segment === segment);

  // Campaigns.
  const campaignPlans = planCampaigns(random, options.days);
  const campaignIds = new Map<string, string>();
  const campaignList: { id: string; channel: string; name: string }[] = [];
  for (const plan of campaignPlans) {
    const day = (n: number) => new Date(start.getTime() + n * DAY).toISOString().slice(0, 10);
    const campaign = await createCampaign(
      ctx,
      {
        name: plan.name,
        channel: plan.channel,
        status: plan.endDay < options.days - 1 ? 'completed' : 'active',
        cost: { cents: plan.costCents, currency: 'USD' },
        startsOn: day(plan.startDay),
        endsOn: day(plan.endDay),
        ownerUserId: marketer.id,
      },
      ADMIN,
    );
    campaignIds.set(plan.key, campaign.id);
    campaignList.push(campaign);
  }

  // The content library, messaging, and sales' requests and sends (content/).
  const content = await seedContent(
    ctx,
    seededRandom(options.seed + 8),
    marketer,
    all.filter((u) => u.role === 'ae' || u.role === 'sdr'),
    SIMULATOR('marketing', marketer.id),
    (u) => SIMULATOR('sales_rep', u.id),
    [...campaignIds.values()],
  );

  // The market and every journey, as dated steps.
  const market = planMarket(random, Math.max(20, Math.round(options.leads / 4)));
  const steps: Step[] = [];
  for (let i = 0; i < options.leads; i++)
    steps.push(...planLead(random, i, start.getTime(), options.days, market, campaignPlans, end));
  for (let i = 0; i < options.leads * 3; i++)
    steps.push(...planAnonymousVisitor(random, i, start.getTime(), options.days));
  // Sales-sourced deals: SDRs prospect a tenth as many buyers as marketing brings, drawn from
  // a stream of their own so a seed's inbound journeys do not change.
  const prospecting = seededRandom(options.seed + 7_919);
  for (let i = 0; i < Math.round(options.leads / 10); i++)
    steps.push(...planOutboundProspect(prospecting, i, start.getTime(), options.days, market, campaignPlans));
  const timeline = planWinLossFeedback(steps)
    .filter((s) => s.at < end)
    .map((s, seq) => ({ s, seq }));
  timeline.sort((a, b) => a.s.at - b.s.at || a.seq - b.seq);

  const report: SimulationReport = {
    seed: options.seed,
    start: start.toISOString(),
    end: new Date(end).toISOString(),
    users: users.size,
    campaigns: campaignIds.size,
    events: { stored: 0, duplicates: 0, rejected: 0 },
    mqls: 0,
    unassigned: 0,
    sqls: 0,
    disqualified: 0,
    recycled: 0,
    activities: 0,
    opportunities: { opened: 0, won: 0, lost: 0 },
    slaBreaches: 0,
  };
  const owners: Owners = new Map();
  const rotation = new Map<string, number>();
  const nextOf = (pool: User[], key: string) => {
    const n = rotation.get(key) ?? 0;
    rotation.set(key, n + 1);
    return pool[n % pool.length]!;
  };

  let buffer: Step[] = [];
  let slotEnds = start.getTime() + SLOT;
  const flush = async (at: number) => {
    for (let i = 0; i < buffer.length; i += 5000) {
      clock.set(new Date(at));
      const events = buffer.slice(i, i + 5000).map((s) => {
        const e = (s as Extract<Step, { kind: 'event' }>).event;
        return e.campaignId ? { ...e, campaignId: campaignIds.get(e.campaignId) } : e;
      });
      const result = await ingestEvents(ctx, events, SIMULATOR('marketing', null));
      report.events.stored += result.stored;
      report.events.duplicates += result.duplicates;
      report.events.rejected += result.rejected;
    }
    buffer = [];
  };

  let done = 0;
  // The SLA sweeper runs every few simulated hours: a clock's outcome does not depend on when
  // the sweep passes (a late stop is a breach either way), only when its notice goes out, and
  // hourly sweeps made up most of the demo's start-up time.
  let sweepAt = start.getTime() + SWEEP_EVERY;
  const sweep = async (at: number) => {
    clock.set(new Date(at));
    if ((at - start.getTime()) % DAY === 0) await content.tick(ctx, [...owners.values()]);
    const swept = await sweepClocks(ctx, clock.now());
    report.slaBreaches += swept.breached;
  };
  for (const { s } of timeline) {
    while (s.at >= slotEnds) {
      if (buffer.length > 0) await flush(slotEnds);
      slotEnds += SLOT;
    }
    while (s.at >= sweepAt) {
      await sweep(sweepAt);
      sweepAt += SWEEP_EVERY;
    }
    if (s.kind === 'event') buffer.push(s);
    else {
      clock.set(new Date(s.at));
      await runStep(ctx, s, owners, { users: all, aes, nextOf, report });
    }
    if (++done % 500 === 0) progress(done, timeline.length);
  }
  if (buffer.length > 0) await flush(Math.min(slotEnds, end));
  await sweep(end);
  // The meeting cadence of the last weeks, with their action items (meetings/).
  await seedMeetings(ctx, clock, seededRandom(options.seed + 11), all, end);
  clock.set(new Date(end));
  // Personas, plays the campaigns support, the quarter's joint plan and maturity (planning/).
  const salesManager = all.find((u) => u.role === 'sales_manager');
  await seedPlanning(ctx, campaignList, { marketer, salesManager }, SIMULATOR('revops', null));
  progress(timeline.length, timeline.length);
  return report;
}

/** The flags a simulated rep raises before disqualifying with these codes. */
const SIMULATED_FLAGS: Record<string, { kind: string; severity: string; comment: string }> = {
  'DQ-06': { kind: 'bad_data', severity: 'high', comment: 'Phone number disconnected; email bounced' },
  'DQ-02': {
    kind: 'wrong_persona',
    severity: 'medium',
    comment: 'An individual contributor, no buying role',
  },
};

interface Staff {
  users: User[];
  aes(segment: string): User[];
  nextOf(pool: User[], key: string): User;
  report: SimulationReport;
}

/** Each lead sales is working: who owns it now (routing decides), and its deal. */
type Owners = Map<string, { personId: string; owner: User; ae?: User; opportunityId?: string }>;

async function runStep(
  ctx: Ctx,
  step: Exclude<Step, { kind: 'event' }>,
  owners: Owners,
  staff: Staff,
): Promise<void> {
  const { report } = staff;
  const lead: LeadPlan = step.lead;
  if (step.kind === 'mql') {
    const page = await findPeople(ctx, { email: lead.email }, { limit: 1 }, ADMIN);
    const person = page.items[0];
    // Scoring moved the person to MQL when their events crossed the threshold, and routing
    // placed them in the same commit; the rest stay leads.
    if (person?.stage !== 'mql' && person?.stage !== 'tql') return;
    report.mqls++;
    const owner = staff.users.find((u) => u.id === person.ownerUserId);
    if (!owner) {
      report.unassigned++;
      return;
    }
    owners.set(lead.key, { personId: person.id, owner });
    return;
  }
  if (step.kind === 'prospect') {
    const sdrs = staff.users.filter((u) => u.role === 'sdr');
    const sdr = staff.nextOf(sdrs, 'outbound');
    const company = lead.company;
    const { person } = await upsertPerson(
      ctx,
      {
        email: lead.email,
        ...lead.prospect,
        ...(company
          ? {
              company: company.name,
              website: company.domain,
              industry: company.industry,
              employees: company.employees,
              country: company.country,
            }
          : {}),
        ownerUserId: sdr.id,
        leadSource: 'outbound',
        // Sales found and qualified them itself: they never pass through marketing's MQL queue.
        stage: 'sql',
      },
      ADMIN,
    );
    owners.set(lead.key, { personId: person.id, owner: sdr });
    return;
  }
  const owned = owners.get(lead.key);
  if (!owned) return;
  const rep = owned.owner;
  const answer = async (request: Parameters<typeof dispositionLead>[2]) => {
    const result = await dispositionLead(
      ctx,
      owned.personId,
      request,
      SIMULATOR('sales_rep', owned.owner.id),
    );
    const next = staff.users.find((u) => u.id === result.routing?.ownerUserId);
    if (next) {
      owned.owner = next;
      if (next.role === 'ae') owned.ae = next;
    }
    return result;
  };
  /** An SDR who telequalified the lead passes it on; true when the owner is now the AE. */
  const passIfQualifying = async () => {
    if (owned.owner.role !== 'sdr') return true;
    const result = await answer({ outcome: 'accepted', notes: 'Telequalified: need and timeline confirmed' });
    return result.routing?.outcome === 'assigned';
  };
  switch (step.kind) {
    case 'touch':
      await logSalesActivity(
        ctx,
        {
          type: step.type,
          outcome: step.outcome,
          personId: owned.personId,
          opportunityId: owned.opportunityId ?? null,
          userId: rep.id,
          durationSeconds: step.type === 'email' ? null : 120 + Math.round((step.at / 1000) % 1500),
        },
        SIMULATOR('sales_rep', rep.id),
      );
      report.activities++;
      return;
    case 'decide':
      if (step.to === 'tql') {
        await passIfQualifying();
        return;
      }
      if (step.to === 'sql') {
        if (!(await passIfQualifying())) return;
        await answer({ outcome: 'accepted' });
        report.sqls++;
        return;
      }
      if (step.to === 'disqualified') {
        // Bad data and the wrong persona are what sales tells the campaign owner about
        // (issue 8, lead-quality flags); the disqualification then opens marketing's task.
        const flag = step.code ? SIMULATED_FLAGS[step.code] : undefined;
        if (flag)
          await raiseFlag(ctx, { personId: owned.personId, ...flag }, SIMULATOR('sales_rep', owned.owner.id));
        // DQ-05 names who they chose, for the competitive view.
        await answer({
          outcome: 'disqualified',
          reasonCode: step.code,
          ...(step.code === 'DQ-05' && { notes: `Chose ${competitorFor(lead.key)}` }),
        });
        report.disqualified++;
        return;
      }
      await answer(
        step.reason === REQUEUE_REASONS[0]
          ? { outcome: 'recycled', requeue: 'no_response' }
          : step.reason === REQUEUE_REASONS[1]
            ? { outcome: 'recycled', requeue: 'bad_timing', notes: step.reason }
            : {
                outcome: 'recycled',
                requeue: 'needs_education',
                contentRecommendations: [
                  'ROI calculator',
                  `${lead.company?.industry ?? 'Industry'} case study`,
                ],
              },
      );
      owners.delete(lead.key);
      report.recycled++;
      return;
    case 'open_opp': {
      const ae = owned.ae ?? staff.nextOf(staff.aes(lead.segment), lead.segment);
      const opportunity = await createOpportunity(
        ctx,
        {
          name: `${lead.company?.name ?? lead.email} — ${lead.segment === 'enterprise' ? 'Enterprise' : 'Growth'} plan`,
          personId: owned.personId,
          ownerUserId: ae.id,
          campaignId: null,
          source: step.source ?? lead.campaign?.channel ?? null,
          amount: { cents: step.amountCents, currency: 'USD' },
          closeDate: new Date(step.at + step.closeInDays * DAY).toISOString().slice(0, 10),
          nextStep: 'Discovery follow-up',
        },
        SIMULATOR('sales_manager', null),
      );
      await updatePerson(ctx, owned.personId, { ownerUserId: ae.id }, ADMIN);
      owned.ae = ae;
      // The deal's owner works it from here on (an SDR's outbound deal goes to the AE).
      owned.owner = ae;
      owned.opportunityId = opportunity.id;
      report.opportunities.opened++;
      return;
    }
    case 'advance_opp':
      if (owned.opportunityId)
        await updateOpportunity(
          ctx,
          owned.opportunityId,
          { stage: step.stage },
          SIMULATOR('sales_rep', rep.id),
        );
      return;
    case 'close_opp':
      if (!owned.opportunityId) return;
      await closeOpportunityById(
        ctx,
        owned.opportunityId,
        step.stageOnly
          ? { outcome: step.outcome, reason: step.outcome === 'lost' ? 'Closed lost' : null }
          : {
              outcome: step.outcome,
              reason: step.reason,
              competitor: step.competitor ?? null,
              winningFactor: step.winningFactor ?? null,
            },
        SIMULATOR('sales_rep', rep.id),
      );
      report.opportunities[step.outcome]++;
      return;
    case 'win_loss':
      if (!owned.opportunityId) return;
      await recordWinLoss(
        ctx,
        owned.opportunityId,
        { reasonCode: step.reasonCode, competitor: step.competitor, winningFactor: step.winningFactor },
        SIMULATOR('sales_rep', rep.id),
      );
      return;
  }
}
