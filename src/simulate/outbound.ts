import { DAY, HOUR } from '../core/index.js';
import {
  type CampaignPlan,
  type CompanyPlan,
  COMPETITORS,
  LOSS_REASONS,
  logNormal,
  personName,
  pick,
  type Random,
  WIN_FACTORS,
} from './company.js';
import { type LeadPlan, type Step, workTime } from './journey.js';

const PROSPECT_TITLES = [
  'VP of Sales',
  'Chief Revenue Officer',
  'Head of Revenue Operations',
  'Director of Marketing',
];

/**
 * An SDR's outbound prospect: sales finds the buyer (a cold call first), so the deal it may
 * become is sales-sourced whatever marketing does afterwards. About a third of them then meet
 * marketing (a webinar, a content download) before the close: marketing-influenced,
 * sales-sourced revenue, the case "influenced" exists for. Drawn from its own random stream so
 * the inbound journeys of a seed stay the same.
 */
export function planOutboundProspect(
  random: Random,
  index: number,
  start: number,
  days: number,
  market: CompanyPlan[],
  campaigns: CampaignPlan[],
): Step[] {
  const company = pick(random, market);
  const name = personName(random);
  const email = `${name.firstName}.${name.lastName}.ob${index}@${company.domain}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9.@-]/g, '');
  const lead: LeadPlan = {
    key: `outbound-${index}`,
    email,
    company,
    territory: company.territory.name,
    segment: company.employees > 1000 ? 'enterprise' : 'mid_market',
    campaign: null,
    prospect: { ...name, title: pick(random, PROSPECT_TITLES) },
  };
  // Prospecting happens in the first half, so that the deals it finds can close in the period.
  const day = Math.floor(random() * Math.max(1, days / 2));
  let at = workTime(random, start, day, lead.territory);
  const steps: Step[] = [{ kind: 'prospect', at, lead }];
  const attempts: [Extract<Step, { kind: 'touch' }>['type'], string][] = [
    ['call', 'no_answer'],
    ['email', 'sent'],
    ['call', 'connected'],
  ];
  for (const [type, outcome] of attempts) {
    at += HOUR + logNormal(random, 1 * DAY, 0.5);
    steps.push({ kind: 'touch', at, lead, type, outcome });
  }
  if (random() > 0.6) return steps;

  const oppAt = at + logNormal(random, 4 * DAY, 0.5);
  steps.push({ kind: 'touch', at: oppAt - HOUR, lead, type: 'meeting', outcome: 'held' });
  const amountCents =
    Math.round(logNormal(random, lead.segment === 'enterprise' ? 80_000 : 20_000, 0.5)) * 100;
  const cycleDays = Math.round(logNormal(random, 30, 0.3));
  steps.push({ kind: 'open_opp', at: oppAt, lead, amountCents, closeInDays: cycleDays, source: 'outbound' });
  const closeAt = oppAt + cycleDays * DAY;
  if (random() < 0.35) {
    const campaign = pick(random, campaigns);
    const type = campaign.channel === 'webinar' ? 'webinar_attended' : 'content_download';
    steps.push({
      kind: 'event',
      at: oppAt + (closeAt - oppAt) * (0.2 + random() * 0.6),
      campaign: campaign.key,
      event: {
        eventId: `sim-ob-${index}-mkt`,
        type,
        occurredAt: '',
        email,
        campaignId: campaign.key,
        channel: campaign.channel,
      },
    });
  }
  steps.push({ kind: 'advance_opp', at: oppAt + (closeAt - oppAt) / 2, lead, stage: 'qualification' });
  if (random() < 0.3)
    steps.push({
      kind: 'close_opp',
      at: closeAt,
      lead,
      outcome: 'won',
      reason: 'Signed',
      winningFactor: pick(random, WIN_FACTORS),
    });
  else {
    const reason = pick(random, LOSS_REASONS);
    steps.push({
      kind: 'close_opp',
      at: closeAt,
      lead,
      outcome: 'lost',
      reason,
      ...(reason === 'Chose competitor' ? { competitor: pick(random, COMPETITORS) } : {}),
    });
  }
  // Every event's time is its step's.
  for (const s of steps) if (s.kind === 'event') s.event.occurredAt = new Date(s.at).toISOString();
  return steps;
}
