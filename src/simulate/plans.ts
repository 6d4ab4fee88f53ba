import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { updateCampaign } from '../campaigns/index.js';
import type { User } from '../org/index.js';
import {
  assessMaturity,
  createPersona,
  createPlay,
  getPlan,
  previousQuarter,
  putPlan,
  quarterAt,
} from '../planning/index.js';

/**
 * The simulated company's collaborative planning (issue 8): its buyer personas, the sales
 * plays its campaigns support, the joint plan of the quarter the simulation ends in, and the
 * maturity self-assessments of that quarter and the one before. Written once, at the end,
 * so the rest of a seed's data (and its ids) stay as they were.
 */

const PERSONAS = [
  {
    key: 'vp-sales',
    name: 'VP Sales',
    role: 'Owns the number and the sales team',
    titles: ['VP Sales', 'Chief Revenue Officer'],
    segment: 'mid_market',
    pains: ['Reps waste hours on leads that never close', 'Forecast surprises late in the quarter'],
    goals: ['Predictable pipeline coverage', 'Shorter sales cycle'],
    objections: ['Another tool my reps will not use'],
    buyingRole: 'economic_buyer',
    channels: ['LinkedIn', 'peer communities', 'events'],
  },
  {
    key: 'vp-marketing',
    name: 'VP Marketing',
    role: 'Owns pipeline generation and the marketing budget',
    titles: ['VP Marketing', 'CMO'],
    segment: 'mid_market',
    pains: ['Sales ignores MQLs', 'Cannot prove campaign ROI'],
    goals: ['Marketing-sourced pipeline share up', 'One definition of a qualified lead'],
    objections: ['Our marketing automation already scores leads'],
    buyingRole: 'decision_maker',
    channels: ['webinars', 'analyst reports', 'newsletters'],
  },
  {
    key: 'revops-director',
    name: 'RevOps Director',
    role: 'Runs the systems and the funnel data',
    titles: ['Director of Revenue Operations', 'Sales Ops Manager'],
    segment: 'enterprise',
    pains: ['Routing rules in spreadsheets', 'Dirty CRM data'],
    goals: ['Leads routed within minutes', 'Clean attribution'],
    objections: ['Integration effort with the CRM'],
    buyingRole: 'technical_buyer',
    channels: ['search', 'communities', 'documentation'],
  },
] as const;

/** Plays and the campaign channels that support them; partner and retargeting support none. */
const PLAYS = [
  {
    name: 'Fix the MQL hand-off',
    persona: 'vp-sales',
    segment: 'mid_market',
    description: 'Show sales leaders how routed, explained leads shorten the cycle.',
    channels: ['webinar', 'event'],
  },
  {
    name: 'Prove marketing ROI',
    persona: 'vp-marketing',
    segment: 'mid_market',
    description: 'Attribution and shared metrics for marketing leaders under budget pressure.',
    channels: ['organic_search', 'email', 'content_syndication'],
  },
  {
    name: 'Capture active demand',
    persona: 'revops-director',
    segment: 'enterprise',
    description: 'Buyers already searching for routing and attribution tools.',
    channels: ['paid_search'],
  },
] as const;

export async function seedPlanning(
  ctx: Ctx,
  campaigns: { id: string; channel: string; name: string }[],
  people: { marketer: User; salesManager: User | undefined },
  as: Principal,
): Promise<void> {
  const personaIds = new Map<string, string>();
  for (const p of PERSONAS)
    personaIds.set(
      p.key,
      (
        await createPersona(
          ctx,
          {
            ...p,
            titles: [...p.titles],
            pains: [...p.pains],
            goals: [...p.goals],
            objections: [...p.objections],
            channels: [...p.channels],
          },
          as,
        )
      ).id,
    );
  for (const play of PLAYS) {
    const { id } = await createPlay(
      ctx,
      {
        name: play.name,
        personaId: personaIds.get(play.persona)!,
        segment: play.segment,
        description: play.description,
      },
      as,
    );
    for (const c of campaigns)
      if (
        (play.channels as readonly string[]).includes(c.channel) ||
        (play.persona === 'vp-sales' && c.name.includes('VP Sales'))
      )
        await updateCampaign(ctx, c.id, { playId: id }, as);
  }

  // The quarter's plan: the agreement's targets split between the teams, with owners.
  const quarter = quarterAt(ctx.clock.now());
  const draft = await getPlan(ctx, quarter.label);
  const owner = (team: string) =>
    team === 'marketing' ? people.marketer.id : (people.salesManager?.id ?? null);
  await putPlan(
    ctx,
    quarter.label,
    {
      goals: [
        ...draft.goals.map((g) => ({
          team: g.team,
          metric: g.metric,
          target: g.target,
          ownerUserId: owner(g.team),
        })),
        {
          team: 'both',
          metric: 'alignment_points_with_metric',
          target: 21,
          ownerUserId: null,
          note: 'every point of the map measured',
        },
      ],
      notes:
        'Quarterly strategic planning: revenue target review, campaign calendar by play, SLA renegotiation.',
    },
    as,
  );

  // Two self-assessments: last quarter's, and this one's a step up on process and metrics.
  const rate = (
    process: number,
    staffing: number,
    systems: number,
    metrics: number,
    note: string | null = null,
  ) => ({
    process: { level: process, note },
    staffing: { level: staffing },
    systems: { level: systems },
    metrics: { level: metrics },
  });
  await assessMaturity(
    ctx,
    previousQuarter(quarter).label,
    { dimensions: rate(1, 1, 2, 1), assessedBy: 'RevOps council' },
    as,
  );
  await assessMaturity(
    ctx,
    quarter.label,
    {
      dimensions: rate(2, 1, 2, 2, 'shared planning of lead quantities in place'),
      assessedBy: 'RevOps council',
    },
    as,
  );
}
