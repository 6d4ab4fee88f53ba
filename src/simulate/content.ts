import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import {
  createAsset,
  createMessage,
  createRequest,
  listRequests,
  logUsage,
  transitionRequest,
} from '../content/index.js';
import { DAY } from '../core/index.js';
import type { User } from '../org/index.js';

/**
 * The simulated marketing team's library and messaging, and sales asking for content and
 * sending it (issue 8: "the simulator generates content requests, assets and usage"). Its own
 * random stream, so the rest of the quarter is the same with or without it.
 */

const ASSETS = [
  ['Customer story: Northwind cut lead response to 2 hours', 'case_study', 'sql', 'Vice President'],
  ['The RevOps alignment playbook', 'ebook', 'lead', null],
  ['ROI calculator', 'roi_calculator', 'opportunity', null],
  ['Pricing and packaging one-pager', 'one_pager', 'mql', 'Director'],
  ['Security and compliance datasheet', 'datasheet', 'opportunity', 'Executive (C-suite)'],
  ['Discovery call talk track', 'talk_track', 'mql', 'Manager'],
  ['Competitive comparison guide', 'comparison_guide', 'sql', null],
] as const;

const TALKING_POINTS: [string | null, string | null, string[]][] = [
  [
    'Vice President',
    null,
    ['Predictable pipeline from one shared funnel', 'Board-ready attribution of revenue to campaigns'],
  ],
  [
    'Director',
    'mql',
    [
      'Your team stops arguing about lead quality: one score, explained',
      'Hand-offs within the hour, tracked',
    ],
  ],
  [
    'Manager',
    null,
    ['Less manual triage: leads arrive routed, with context', 'SLA reminders before anything slips'],
  ],
  [null, null, ['Works with the CRM and marketing automation you already run']],
];

export interface ContentSimulation {
  assetIds: string[];
  /** One tick a simulated day: requests, deliveries and sends. */
  tick(ctx: Ctx, leads: { personId: string; owner: User }[]): Promise<void>;
}

export async function seedContent(
  ctx: Ctx,
  random: () => number,
  marketer: User,
  sellers: User[],
  asMarketing: Principal,
  asSeller: (u: User) => Principal,
  campaignIds: readonly string[] = [],
): Promise<ContentSimulation> {
  const assetIds: string[] = [];
  const today = ctx.clock.now();
  // Marketing makes an asset for most campaigns (seed 001, Content support: "new assets for
  // each campaign"); every fourth goes without, so the compliance row has misses to show.
  // Fixed by position, not drawn: the random stream stays what it was.
  const servedBy = (i: number) => campaignIds.filter((_, k) => k % 4 !== 3 && k % ASSETS.length === i);
  for (const [i, [title, type, stage, persona]] of ASSETS.entries()) {
    const asset = await createAsset(
      ctx,
      {
        title,
        type,
        stage,
        persona,
        location: `https://content.servio.example/${type}/${i + 1}`,
        ownerUserId: marketer.id,
        // One is due for review within the quarter, so the stale list has something to show.
        reviewOn: i === 3 ? new Date(today.getTime() + 45 * DAY).toISOString().slice(0, 10) : null,
        campaignIds: servedBy(i),
      },
      asMarketing,
    );
    assetIds.push(asset.id);
  }
  for (const [persona, stage, points] of TALKING_POINTS)
    await createMessage(
      ctx,
      {
        kind: 'talking_points',
        title: `Talking points: ${persona ?? 'everyone'}`,
        persona,
        stage,
        body: { points },
      },
      asMarketing,
    );
  await createMessage(
    ctx,
    {
      kind: 'value_proposition',
      title: 'Mid-market VPs',
      persona: 'Vice President',
      segment: 'mid_market',
      body: {
        statement: 'Sales and marketing on one set of numbers, in weeks not quarters',
        proofPoints: ['Live in 30 days'],
      },
    },
    asMarketing,
  );
  await createMessage(
    ctx,
    {
      kind: 'battlecard',
      title: 'Battlecard: LegacyCRM',
      competitor: 'LegacyCRM',
      body: {
        strengths: ['Installed base', 'Broad partner network'],
        weaknesses: ['Scoring is a black box', 'No SLA clocks'],
        objections: [
          { objection: 'We already own LegacyCRM', answer: 'Servio runs beside it and writes back to it' },
        ],
        landmines: ['Ask how they explain a lead score to sales'],
      },
    },
    asMarketing,
  );

  const types = [
    'objection_handling',
    'competitive_battlecard',
    'vertical_case_study',
    'product_update_positioning',
  ] as const;
  let day = 0;
  return {
    assetIds,
    async tick(run, leads) {
      day++;
      const now = run.clock.now();
      // About two requests a week from sales; marketing delivers most, some late.
      if (random() < 0.3 && sellers.length > 0) {
        const seller = sellers[Math.floor(random() * sellers.length)]!;
        const type = types[Math.floor(random() * types.length)]!;
        await createRequest(
          run,
          {
            type,
            title: `${type.replace(/_/g, ' ')} for ${seller.name}'s deals (${day})`,
            anchorOn:
              type === 'product_update_positioning'
                ? new Date(now.getTime() + 7 * DAY).toISOString().slice(0, 10)
                : null,
            ownerUserId: marketer.id,
          },
          asSeller(seller),
        );
      }
      if (random() < 0.2) {
        const open = await listRequests(run, { status: 'open' }, { limit: 5 });
        const request = open.items[0];
        if (request)
          await transitionRequest(
            run,
            request.id,
            { action: 'deliver', assetId: assetIds[Math.floor(random() * assetIds.length)]! },
            asMarketing,
          );
      }
      // Sellers send a piece of content to a couple of their leads most days.
      for (let n = 0; n < 2 && leads.length > 0; n++) {
        if (random() < 0.4) continue;
        const lead = leads[Math.floor(random() * leads.length)]!;
        await logUsage(
          run,
          {
            assetId: assetIds[Math.floor(random() * assetIds.length)]!,
            personId: lead.personId,
            userId: lead.owner.id,
          },
          asSeller(lead.owner),
        );
      }
    },
  };
}
