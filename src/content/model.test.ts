import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY } from '../core/index.js';
import { addBusinessDays, DEFAULT_CALENDAR } from '../sla/index.js';
import { checkMessage, talkingPointsFor } from './messaging.js';
import {
  type Asset,
  effectiveness,
  fitRank,
  normalizeAssetFields,
  type OpportunityFact,
  recommendAssets,
  staleReasons,
  type UsageFact,
} from './model.js';
import {
  anchorInstant,
  checkAnchor,
  nextStatus,
  REQUEST_TYPES,
  requestDue,
  requestTypeRule,
} from './requests.js';

const NOW = new Date('2026-03-02T10:00:00Z'); // a Monday

function asset(over: Partial<Asset> = {}): Asset {
  return {
    id: over.id ?? 'ast_1',
    title: 'Case study',
    type: 'case_study',
    stage: null,
    persona: null,
    industry: null,
    channel: null,
    ownerUserId: null,
    version: 1,
    location: 'https://x.test/a',
    summary: null,
    reviewOn: null,
    expiresOn: null,
    campaignIds: [],
    retiredAt: null,
    createdAt: new Date('2026-02-01T00:00:00Z'),
    updatedAt: new Date('2026-02-01T00:00:00Z'),
    ...over,
  };
}

describe('content request types (seed 001, Sales-to-Marketing Content Requests)', () => {
  it("reproduces the seed's table word for word", () => {
    expect(REQUEST_TYPES.map((r) => [r.requestType, r.turnaroundTarget, r.format])).toEqual([
      ['Objection-handling content', '1 week', 'One-pager, email snippet, or talk track'],
      ['Competitive battlecard', '2 weeks', 'Structured comparison document'],
      ['Case study for specific vertical/use case', '3-4 weeks', 'Full case study with customer approval'],
      ['Product update positioning', '1 week from release', 'Messaging document + email template'],
      ['Event/webinar support', '3 weeks before event', 'Landing page, email sequence, social posts'],
    ]);
  });

  const add = (s: Date, n: number) => addBusinessDays(DEFAULT_CALENDAR, s, n);

  it('counts weeks of five business days from the request: 1 week on Monday 10:00 is due the next Monday 10:00', () => {
    const rule = requestTypeRule('objection_handling')!;
    expect(requestDue(rule, NOW, add).dueAt.toISOString()).toBe('2026-03-09T10:00:00.000Z');
  });

  it('gives a case study its 3-week target and breaches only after 4 weeks', () => {
    const due = requestDue(requestTypeRule('vertical_case_study')!, NOW, add);
    expect(due.targetAt.toISOString()).toBe('2026-03-23T10:00:00.000Z');
    expect(due.dueAt.toISOString()).toBe('2026-03-30T10:00:00.000Z');
  });

  it('counts event support back 3 weeks from the event day, and product positioning on from the release day', () => {
    const event = requestTypeRule('event_support')!;
    const eventDue = requestDue(event, anchorInstant(event, NOW, '2026-04-20', 'UTC'), add).dueAt;
    expect(eventDue.getTime()).toBeLessThanOrEqual(new Date('2026-03-30T17:00:00Z').getTime());
    expect(eventDue.getTime()).toBeGreaterThanOrEqual(new Date('2026-03-27T09:00:00Z').getTime());
    const release = requestTypeRule('product_update_positioning')!;
    const releaseDue = requestDue(release, anchorInstant(release, NOW, '2026-03-16', 'UTC'), add).dueAt;
    expect(releaseDue > new Date('2026-03-16T00:00:00Z')).toBe(true);
    expect(releaseDue.getTime()).toBeLessThanOrEqual(new Date('2026-03-23T17:00:00Z').getTime());
  });

  it('requires the release or event day for the types counted from it, and refuses one for the others', () => {
    expect(checkAnchor(requestTypeRule('event_support')!, null)?.path).toBe('/anchorOn');
    expect(checkAnchor(requestTypeRule('event_support')!, '2026-13-40')?.path).toBe('/anchorOn');
    expect(checkAnchor(requestTypeRule('event_support')!, '2026-04-20')).toBeUndefined();
    expect(checkAnchor(requestTypeRule('competitive_battlecard')!, '2026-04-20')?.path).toBe('/anchorOn');
  });

  it('never makes a request anchored on itself due before it was made', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.constantFrom(...REQUEST_TYPES.filter((r) => r.anchor === 'requested')),
        (at, rule) => {
          const { targetAt, dueAt } = requestDue(rule, at, add);
          return (
            targetAt >= at &&
            dueAt >= targetAt &&
            dueAt.getTime() - at.getTime() >= rule.dueWeeks * 7 * DAY - 3 * DAY
          );
        },
      ),
    );
  });

  it('moves a request through the queue; delivered and declined are final', () => {
    expect(nextStatus('open', 'start')).toBe('in_progress');
    expect(nextStatus('in_progress', 'deliver')).toBe('delivered');
    expect(nextStatus('open', 'decline')).toBe('declined');
    expect(() => nextStatus('delivered', 'decline')).toThrow(/cannot be declined/);
    expect(() => nextStatus('declined', 'start')).toThrow(/cannot be started/);
  });
});

describe('the content library', () => {
  it('names every bad field of an asset', () => {
    const { issues } = normalizeAssetFields({
      title: ' ',
      type: 'poster',
      stage: 'hot',
      reviewOn: 'soon',
      location: '',
    });
    expect(issues.map((i) => i.path).sort()).toEqual(['/location', '/reviewOn', '/stage', '/title', '/type']);
  });

  it('names the campaigns an asset serves once each, in the order given, and points at a blank one', () => {
    expect(normalizeAssetFields({ campaignIds: [' cmp_b', 'cmp_a', 'cmp_b'] })).toEqual({
      value: { campaignIds: ['cmp_b', 'cmp_a'] },
      issues: [],
    });
    expect(normalizeAssetFields({ campaignIds: ['cmp_a', ' '] }).issues).toEqual([
      { path: '/campaignIds/1', message: 'must be a campaign id' },
    ]);
    const many = Array.from({ length: 51 }, (_, i) => `cmp_${i}`);
    expect(normalizeAssetFields({ campaignIds: many }).issues.map((i) => i.path)).toEqual(['/campaignIds']);
  });

  it('fits content without a persona or stage to everyone, and a persona match outranks a stage match', () => {
    const audience = { persona: 'Vice President', stage: 'mql' };
    expect(fitRank({ persona: null, stage: null }, audience)).toBe(0);
    expect(fitRank({ persona: 'vice president', stage: null }, audience)).toBe(2);
    expect(fitRank({ persona: null, stage: 'mql' }, audience)).toBe(1);
    expect(fitRank({ persona: 'Director', stage: null }, audience)).toBeUndefined();
    expect(fitRank({ persona: null, stage: 'sql' }, audience)).toBeUndefined();
  });

  it('recommends assets in use and not expired, the most specific first', () => {
    const assets = [
      asset({ id: 'any' }),
      asset({ id: 'vp', persona: 'Vice President' }),
      asset({ id: 'vp_mql', persona: 'Vice President', stage: 'mql' }),
      asset({ id: 'expired', persona: 'Vice President', expiresOn: '2026-03-01' }),
      asset({
        id: 'last_day',
        persona: 'Vice President',
        stage: 'mql',
        expiresOn: '2026-03-02',
        updatedAt: new Date('2026-01-01'),
      }),
      asset({ id: 'retired', retiredAt: new Date('2026-02-02') }),
      asset({ id: 'director', persona: 'Director' }),
    ];
    expect(
      recommendAssets(assets, { persona: 'Vice President', stage: 'mql' }, NOW).map((a) => a.id),
    ).toEqual(['vp_mql', 'last_day', 'vp', 'any']);
  });

  it('lists an asset as stale when unused for 90 days or past its review or expiry day, not a new one', () => {
    const old = asset({ createdAt: new Date(NOW.getTime() - 100 * DAY) });
    expect(staleReasons(old, null, NOW).map((r) => r.code)).toEqual(['unused']);
    expect(staleReasons(old, new Date(NOW.getTime() - 10 * DAY), NOW)).toEqual([]);
    expect(staleReasons(asset({ createdAt: NOW }), null, NOW)).toEqual([]);
    expect(
      staleReasons(asset({ createdAt: NOW, reviewOn: '2026-03-01', expiresOn: '2026-02-28' }), null, NOW).map(
        (r) => r.code,
      ),
    ).toEqual(['expired', 'review_overdue']);
    expect(staleReasons(asset({ retiredAt: NOW, expiresOn: '2020-01-01' }), null, NOW)).toEqual([]);
  });
});

describe('effectiveness', () => {
  const opp = (over: Partial<OpportunityFact>): OpportunityFact => ({
    id: 'o1',
    accountId: 'acc1',
    closedAt: null,
    outcome: null,
    amountCents: 1_000_00,
    currency: 'USD',
    ...over,
  });
  const sent = (over: Partial<UsageFact>): UsageFact => ({
    assetId: 'a',
    sentAt: new Date('2026-02-01T00:00:00Z'),
    accountId: 'acc1',
    opportunityId: null,
    ...over,
  });

  it('credits an opportunity once per asset, only for sends before it closed, with its won revenue', () => {
    const opportunities = [
      opp({ id: 'won', closedAt: new Date('2026-02-10'), outcome: 'won', amountCents: 50_000_00 }),
      opp({ id: 'lost_before', closedAt: new Date('2026-01-15'), outcome: 'lost' }),
      opp({ id: 'open' }),
      opp({ id: 'elsewhere', accountId: 'acc2', closedAt: new Date('2026-02-20'), outcome: 'won' }),
    ];
    const rows = effectiveness(
      [sent({}), sent({}), sent({ assetId: 'b', accountId: null, opportunityId: 'elsewhere' })],
      opportunities,
      NOW,
    );
    expect(rows).toEqual([
      {
        assetId: 'a',
        sends: 2,
        lastSentAt: new Date('2026-02-01T00:00:00Z'),
        influencedOpportunities: 2,
        wonOpportunities: 1,
        wonRevenue: [{ cents: 50_000_00, currency: 'USD' }],
      },
      {
        assetId: 'b',
        sends: 1,
        lastSentAt: new Date('2026-02-01T00:00:00Z'),
        influencedOpportunities: 1,
        wonOpportunities: 1,
        wonRevenue: [{ cents: 1_000_00, currency: 'USD' }],
      },
    ]);
  });

  it('never credits an asset with more won revenue than the won deals hold, nor a deal twice', () => {
    const day = (n: number) => new Date(NOW.getTime() - n * DAY);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            assetId: fc.constantFrom('a', 'b', 'c'),
            sentAt: fc.integer({ min: 0, max: 60 }).map(day),
            accountId: fc.option(fc.constantFrom('x', 'y'), { nil: null }),
            opportunityId: fc.option(fc.constantFrom('o1', 'o2', 'o3'), { nil: null }),
          }),
          { maxLength: 30 },
        ),
        fc.array(
          fc.record({
            accountId: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: null }),
            closedAt: fc.option(fc.integer({ min: 0, max: 60 }).map(day), { nil: null }),
            won: fc.boolean(),
            amountCents: fc.integer({ min: 0, max: 10_000_000 }),
          }),
          { maxLength: 5 },
        ),
        (usages, raw) => {
          const opportunities = raw.map((o, i) => ({
            id: `o${i + 1}`,
            accountId: o.accountId,
            closedAt: o.closedAt,
            outcome: o.closedAt ? (o.won ? 'won' : 'lost') : null,
            amountCents: o.amountCents,
            currency: 'USD',
          }));
          const wonTotal = opportunities
            .filter((o) => o.outcome === 'won')
            .reduce((s, o) => s + o.amountCents, 0);
          for (const row of effectiveness(usages, opportunities, NOW)) {
            const cents = row.wonRevenue.reduce((s, m) => s + m.cents, 0);
            if (cents > wonTotal) return false;
            if (row.influencedOpportunities > opportunities.length) return false;
            if (row.sends !== usages.filter((u) => u.assetId === row.assetId).length) return false;
          }
          return true;
        },
      ),
    );
  });
});

describe('messaging', () => {
  const base = { title: 'T', persona: null, segment: null, stage: null, competitor: null };

  it('requires a battlecard to name its competitor and every objection to have an answer', () => {
    const { issues } = checkMessage({
      ...base,
      kind: 'battlecard',
      body: { strengths: ['Fast'], objections: [{ objection: 'Too expensive', answer: ' ' }] },
    });
    expect(issues.map((i) => i.path)).toEqual(['/body/objections/0/answer', '/competitor']);
  });

  it('refuses body fields another kind uses, and a value proposition for nobody', () => {
    const { issues } = checkMessage({
      ...base,
      kind: 'value_proposition',
      body: { statement: 'x', landmines: ['y'] },
    });
    expect(issues.map((i) => i.path)).toEqual(['/body/landmines', '/persona']);
  });

  it("gives a person their persona's and stage's talking points first, then everyone's, without repeats", () => {
    const at = new Date('2026-01-01');
    const item = (
      persona: string | null,
      stage: string | null,
      points: string[],
      archivedAt: Date | null = null,
    ) => ({
      kind: 'talking_points' as const,
      persona,
      stage,
      body: { points },
      archivedAt,
      updatedAt: at,
    });
    const items = [
      item(null, null, ['We integrate with your CRM']),
      item('Vice President', 'mql', ['Pipeline predictability', 'We integrate with your CRM']),
      item('Vice President', null, ['Board-ready reporting']),
      item('Director', null, ['Hands-on onboarding']),
      item('Vice President', null, ['Old line'], at),
    ];
    expect(talkingPointsFor(items, { persona: 'vice president', stage: 'mql' })).toEqual([
      'Pipeline predictability',
      'We integrate with your CRM',
      'Board-ready reporting',
    ]);
    expect(talkingPointsFor(items.slice(3), { persona: 'Manager', stage: 'sql' })).toBeNull();
  });
});
