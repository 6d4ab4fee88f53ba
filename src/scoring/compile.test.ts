import { describe, expect, it } from 'vitest';
import { compileModel, DAY_MS, type ScoreResult } from './compile.js';
import { DEFAULT_SCORING_MODEL } from './default-model.js';
import { explain } from './explain.js';
import { derivePersonFlags, NO_FLAGS, type PersonFacts, type ScoringEvent } from './facts.js';
import type { ScoringModel } from './rules.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const MINUTE = 60_000;
const model = compileModel(DEFAULT_SCORING_MODEL);

/** A person no fit rule matches: every test adds only what it is about. */
function newPerson(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    title: 'Software Engineer',
    employees: 10,
    industry: 'Retail',
    country: 'Brazil',
    emailDomain: 'acme.example',
    leadSource: 'web',
    flags: { ...NO_FLAGS },
    ...overrides,
  };
}

let sequence = 0;
/** A touchpoint `ago` milliseconds before NOW. */
function touch(type: string, ago: number, extra: Partial<ScoringEvent> = {}): ScoringEvent {
  return { id: `e-${++sequence}`, type, occurredAt: new Date(NOW.getTime() - ago), ...extra };
}

function score(person: PersonFacts, events: ScoringEvent[] = [], now = NOW): ScoreResult {
  return model.score(person, events, now);
}

function points(result: ScoreResult, ruleId: string): number | undefined {
  return result.rules.find((rule) => rule.id === ruleId)?.points;
}

describe('the default model reproduces seed 001, MQL Scoring Criteria', () => {
  it('gives nothing to a person who matches no row', () => {
    const result = score(newPerson());
    expect(result).toMatchObject({ fit: 0, engagement: 0, decay: 0, total: 0, qualifies: false, rules: [] });
  });

  it('Title matches ICP: a VP, Director or C-suite in the target function gets +20', () => {
    for (const title of [
      'VP Marketing',
      'VP of Sales',
      'Vice President, Demand Generation',
      'Director of Marketing',
      'Sales Director',
      'Head of Growth',
      'Chief Marketing Officer',
      'Chief Revenue Officer',
      'CMO',
      'CRO',
    ])
      expect(points(score(newPerson({ title })), 'title_matches_icp'), title).toBe(20);
    const vp = score(newPerson({ title: 'VP Marketing' }));
    expect(vp.fit).toBe(20);
    expect(vp.rules[0]!.evidence).toEqual({ field: 'title', value: 'VP Marketing' });
    for (const title of [
      'VP Engineering',
      'Marketing Manager',
      'Director of IT',
      'CEO',
      'Sales Representative',
    ])
      expect(points(score(newPerson({ title })), 'title_matches_icp'), title).toBeUndefined();
  });

  it('Company size matches ICP: 50-500 employees gets +15, boundaries included', () => {
    const at = (employees: number) => points(score(newPerson({ employees })), 'company_size_matches_icp');
    expect(at(49)).toBeUndefined();
    expect(at(50)).toBe(15);
    expect(at(200)).toBe(15);
    expect(at(500)).toBe(15);
    expect(at(501)).toBeUndefined();
    expect(points(score(newPerson({ employees: null })), 'company_size_matches_icp')).toBeUndefined();
  });

  it('Industry matches ICP: a target vertical gets +10, whatever the case', () => {
    expect(score(newPerson({ industry: 'Software' })).fit).toBe(10);
    expect(score(newPerson({ industry: 'financial services' })).fit).toBe(10);
    expect(score(newPerson({ industry: 'Retail' })).fit).toBe(0);
  });

  it('Geography: a target market gets +5', () => {
    expect(score(newPerson({ country: 'United States' })).fit).toBe(5);
    expect(score(newPerson({ country: 'DE' })).fit).toBe(5);
    expect(score(newPerson({ country: 'Brazil' })).fit).toBe(0);
  });

  it('Pricing page visit: viewing the pricing page gets +15, once', () => {
    const first = touch('pricing_page_view', 3 * DAY_MS);
    const second = touch('pricing_page_view', 2 * DAY_MS);
    const result = score(newPerson(), [first, second]);
    expect(points(result, 'pricing_page_visit')).toBe(15);
    expect(result.engagement).toBe(15);
    expect(result.rules[0]!.evidence).toEqual({ eventIds: [first.id, second.id], count: 2, unit: 'event' });
  });

  it('Demo request: submitting the demo/trial form gets +25', () => {
    const demo = touch('demo_request', DAY_MS);
    const result = score(newPerson(), [demo]);
    expect(result.engagement).toBe(25);
    expect(result.rules).toEqual([expect.objectContaining({ id: 'demo_request', points: 25 })]);
    expect(result.rules[0]!.evidence.eventIds).toEqual([demo.id]);
  });

  it('Content engagement (high-intent): a case study, ROI calculator or comparison guide gets +10 each', () => {
    const caseStudy = touch('content_download', 5 * DAY_MS, { properties: { intent: 'high' } });
    const roi = touch('content_download', 4 * DAY_MS, { url: 'https://servio.example/roi-calculator' });
    const versus = touch('content_download', 3 * DAY_MS, { url: 'https://servio.example/servio-vs-acme' });
    const result = score(newPerson(), [caseStudy, roi, versus]);
    expect(points(result, 'content_high_intent')).toBe(30);
    expect(result.rules[0]!.evidence).toEqual({
      eventIds: [caseStudy.id, roi.id, versus.id],
      count: 3,
      unit: 'event',
    });
    expect(score(newPerson(), [touch('content_download', DAY_MS, { url: '/whitepaper' })]).rules).toEqual([]);
  });

  it('Content engagement (low-intent): a blog visit or social engagement gets +2 each', () => {
    const blog = touch('page_view', 5 * DAY_MS, { url: 'https://servio.example/blog/alignment' });
    const social = touch('social_engagement', 4 * DAY_MS, { properties: { intent: 'low' } });
    const result = score(newPerson(), [blog, social, touch('page_view', 3 * DAY_MS, { url: '/product' })]);
    expect(points(result, 'content_low_intent')).toBe(4);
    expect(result.rules.find((rule) => rule.id === 'content_low_intent')!.evidence.eventIds).toEqual([
      blog.id,
      social.id,
    ]);
  });

  it('Email engagement: 3+ opens within 30 days gets +5, once', () => {
    const opens = (...daysAgo: number[]) => daysAgo.map((days) => touch('email_open', days * DAY_MS));
    expect(points(score(newPerson(), opens(1, 2, 3)), 'email_engagement')).toBe(5);
    expect(points(score(newPerson(), opens(1, 2, 3, 4, 5, 6)), 'email_engagement')).toBe(5);
    expect(points(score(newPerson(), opens(1, 2)), 'email_engagement')).toBeUndefined();
    // The window is inclusive: an open exactly 30 days ago counts, one a millisecond older does not.
    expect(points(score(newPerson(), opens(1, 2, 30)), 'email_engagement')).toBe(5);
    const stale = [...opens(1, 2), touch('email_open', 30 * DAY_MS + 1)];
    expect(points(score(newPerson(), stale), 'email_engagement')).toBeUndefined();
  });

  it('Repeat visits: 3+ sessions within 7 days gets +10', () => {
    const view = (ago: number) => touch('page_view', ago, { url: '/product' });
    const threeSessions = [view(DAY_MS), view(2 * DAY_MS), view(3 * DAY_MS), view(3 * DAY_MS - 5 * MINUTE)];
    const result = score(newPerson(), threeSessions);
    expect(points(result, 'repeat_visits')).toBe(10);
    expect(result.rules[0]!.evidence).toMatchObject({ count: 3, unit: 'session' });
    expect(result.rules[0]!.evidence.eventIds).toHaveLength(4);
    // Page views less than 30 minutes apart are one session.
    const oneVisit = [view(DAY_MS), view(DAY_MS - 10 * MINUTE), view(DAY_MS - 39 * MINUTE)];
    expect(points(score(newPerson(), oneVisit), 'repeat_visits')).toBeUndefined();
    // 30 minutes of inactivity starts a new session.
    const split = [view(DAY_MS), view(DAY_MS - 30 * MINUTE), view(DAY_MS - 60 * MINUTE)];
    expect(points(score(newPerson(), split), 'repeat_visits')).toBe(10);
    // Sessions older than 7 days do not count.
    const spread = [view(DAY_MS), view(2 * DAY_MS), view(8 * DAY_MS)];
    expect(points(score(newPerson(), spread), 'repeat_visits')).toBeUndefined();
  });

  it('Competitor employee: working at a known competitor gets -50', () => {
    const result = score(
      newPerson({ flags: derivePersonFlags({ emailDomain: 'rival.example', competitor: true }) }),
    );
    expect(result.fit).toBe(-50);
    expect(result.rules[0]!.evidence).toEqual({ field: 'flags', value: 'competitor' });
  });

  it('Student / personal email: an .edu or free email domain gets -20, once', () => {
    const gmail = derivePersonFlags({ emailDomain: 'gmail.com' });
    const edu = derivePersonFlags({ emailDomain: 'stanford.edu' });
    expect(score(newPerson({ flags: gmail })).fit).toBe(-20);
    expect(score(newPerson({ flags: edu })).fit).toBe(-20);
    expect(score(newPerson({ flags: { ...gmail, student: true } })).fit).toBe(-20);
  });

  it('Unsubscribed: opting out of email gets -30', () => {
    const result = score(newPerson({ flags: { ...NO_FLAGS, unsubscribed: true } }));
    expect(result).toMatchObject({ fit: 0, engagement: -30, total: -30 });
  });

  it('No engagement in 30 days: -5 per full week of inactivity (0 at 30 days, -5 at 37, -10 at 44)', () => {
    const demo = touch('demo_request', 0);
    const at = (days: number) => score(newPerson(), [demo], new Date(NOW.getTime() + days * DAY_MS));
    expect(at(30)).toMatchObject({ decay: 0, engagement: 25 });
    expect(at(36.99)).toMatchObject({ decay: 0, engagement: 25 });
    expect(at(37)).toMatchObject({ decay: -5, engagement: 20, total: 20 });
    expect(at(44)).toMatchObject({ decay: -10, engagement: 15 });
    expect(at(44).inactivity).toEqual({
      weeks: 2,
      pointsPerWeek: -5,
      afterDays: 30,
      lastEngagementEventId: demo.id,
    });
    expect(at(44).lastEngagementAt).toEqual(NOW);
    // A lead gone cold falls back to its fit, not below.
    const cold = score(newPerson({ title: 'VP Sales' }), [demo], new Date(NOW.getTime() + 400 * DAY_MS));
    expect(cold).toMatchObject({ fit: 20, engagement: 0, decay: -25, total: 20 });
  });

  it('counts from the last touchpoint that earned engagement points, even of a type outside the decay list', () => {
    const share = touch('social_engagement', 0, { properties: { intent: 'low' } });
    const oldView = touch('page_view', 60 * DAY_MS, { url: '/product' });
    const at44 = score(newPerson(), [oldView, share], new Date(NOW.getTime() + 44 * DAY_MS));
    expect(at44).toMatchObject({ engagement: 0, decay: -2, lastEngagementAt: NOW });
    expect(at44.inactivity).toMatchObject({ weeks: 2, lastEngagementEventId: share.id });
    // Nothing engaging ever: nothing to decay from.
    const unsubscribed = newPerson({ flags: { ...NO_FLAGS, unsubscribed: true } });
    expect(score(unsubscribed, [], new Date(NOW.getTime() + 400 * DAY_MS))).toMatchObject({
      engagement: -30,
      decay: 0,
      lastEngagementAt: null,
    });
  });

  it('MQL threshold: 50 points qualifies, 49 does not', () => {
    const fit = newPerson({ title: 'VP Marketing', employees: 120 }); // 20 + 15
    const pricing = touch('pricing_page_view', DAY_MS);
    expect(score(fit, [pricing])).toMatchObject({ total: 50, threshold: 50, qualifies: true });
    const social = (days: number) =>
      touch('social_engagement', days * DAY_MS, { properties: { intent: 'low' } });
    const sevenShares = [1, 2, 3, 4, 5, 6, 7].map(social);
    expect(score(fit, sevenShares)).toMatchObject({ total: 49, qualifies: false });
  });

  it('explains every rule that fired with its evidence', () => {
    const demo = touch('demo_request', DAY_MS);
    const studies = [touch('content_download', 3 * DAY_MS, { properties: { intent: 'high' } })];
    const lines = explain(score(newPerson({ title: 'VP Marketing' }), [demo, ...studies]));
    expect(lines).toEqual([
      '+20 Title matches ICP: VP, Director, C-suite in target function (title: VP Marketing)',
      `+25 Demo request: submitted demo/trial form (1 event: ${demo.id})`,
      `+10 Content engagement (high-intent): case study, ROI calculator, comparison guide (1 event: ${studies[0]!.id})`,
    ]);
    const later = new Date(NOW.getTime() + 43 * DAY_MS);
    expect(explain(score(newPerson(), [demo], later)).at(-1)).toBe(
      `-10 = -5 × 2 weeks inactivity decay (last engagement ${demo.id} on 2026-11-22, after 30 days)`,
    );
  });
});

describe('compileModel', () => {
  const only = (rule: Partial<ScoringModel['rules'][number]>): ReturnType<typeof compileModel> =>
    compileModel({
      threshold: 10,
      rules: [{ id: 'r', label: 'Rule', kind: 'engagement', points: 3, count: 'each', when: [], ...rule }],
    });

  it('ignores touchpoints after now, so a replay at a past instant sees the past', () => {
    const demo = touch('demo_request', -DAY_MS);
    expect(score(newPerson(), [demo]).rules).toEqual([]);
    expect(score(newPerson(), [demo], new Date(NOW.getTime() + DAY_MS)).engagement).toBe(25);
  });

  it('holds each rule to its cap, for positive and negative points', () => {
    const views = [1, 2, 3, 4, 5].map((days) => touch('page_view', days * DAY_MS));
    const capped = only({ cap: 10, when: [{ events: ['page_view'] }] }).score(newPerson(), views, NOW);
    expect(capped.rules[0]).toMatchObject({ points: 10, uncapped: 15 });
    expect(explain(capped)[0]).toContain('capped from +15');
    const negative = only({ points: -4, cap: 10, when: [{ events: ['page_view'] }] }).score(
      newPerson(),
      views,
      NOW,
    );
    expect(negative.engagement).toBe(-10);
  });

  it('counts per session for an each rule over sessions', () => {
    const rule = only({ when: [{ events: ['page_view'], sessions: true }] });
    const views = [
      touch('page_view', DAY_MS),
      touch('page_view', DAY_MS + MINUTE),
      touch('page_view', 2 * DAY_MS),
    ];
    expect(rule.score(newPerson(), views, NOW).engagement).toBe(6);
  });

  it('applies a rule only when all its conditions hold', () => {
    const rule = only({
      kind: 'fit',
      points: 7,
      count: 'once',
      when: [{ field: 'leadSource', in: ['Partner'] }, { events: ['webinar_attended'] }],
    });
    const webinar = touch('webinar_attended', DAY_MS);
    expect(rule.score(newPerson({ leadSource: 'partner' }), [webinar], NOW).fit).toBe(7);
    expect(rule.score(newPerson({ leadSource: 'web' }), [webinar], NOW).fit).toBe(0);
    expect(rule.score(newPerson({ leadSource: 'partner' }), [], NOW).fit).toBe(0);
  });

  it('reads a where property as a string whatever its JSON type, and never from the prototype', () => {
    const rule = only({ when: [{ events: ['signup'], where: { property: 'seats', in: ['10'] } }] });
    expect(
      rule.score(newPerson(), [touch('signup', DAY_MS, { properties: { seats: 10 } })], NOW).engagement,
    ).toBe(3);
    const present = only({ when: [{ events: ['signup'], where: { property: 'constructor' } }] });
    expect(present.score(newPerson(), [touch('signup', DAY_MS, { properties: {} })], NOW).rules).toEqual([]);
  });

  it('accepts epoch milliseconds as well as dates', () => {
    const demo = { id: 'd', type: 'demo_request', occurredAt: NOW.getTime() - DAY_MS };
    expect(score(newPerson(), [demo]).engagement).toBe(25);
  });

  it('refuses a model whose patterns do not compile or could run away', () => {
    expect(() => only({ when: [{ field: 'title', matchesAny: ['(unclosed'] }] })).toThrow('not valid');
    expect(() => only({ when: [{ field: 'title', matchesAny: ['(a+)+$'] }] })).toThrow('not valid');
    expect(() => only({ count: 'each', when: [{ field: 'title', matchesAny: ['vp'] }] })).toThrow(
      'not valid',
    );
  });
});
