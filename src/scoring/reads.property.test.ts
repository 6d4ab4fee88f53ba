import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel, DAY_MS } from './compile.js';
import { DEFAULT_SCORING_MODEL } from './default-model.js';
import type { PersonFacts, ScoringEvent } from './facts.js';
import { selectReads } from './reads.js';
import type { Condition, EventCondition, ScoringModel } from './rules.js';

const NOW = new Date('2026-11-23T09:00:00Z').getTime();
const MINUTE = 60_000;

const TYPES = [
  'page_view',
  'pricing_page_view',
  'demo_request',
  'content_download',
  'email_open',
  'email_click',
  'social_engagement',
  'webinar_attended',
  'form_submit',
  'custom_type',
];
const URLS = [null, '/blog/alignment', '/pricing', '/roi-calculator', '/case-studies/acme', '/a-vs-b'];

const personArb: fc.Arbitrary<PersonFacts> = fc.record({
  title: fc.constantFrom('VP Marketing', 'Director of Sales', 'Engineer', null),
  employees: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
  industry: fc.constantFrom('Software', 'Retail', null),
  country: fc.constantFrom('US', 'Brazil', null),
  emailDomain: fc.constantFrom('acme.example', 'gmail.com'),
  leadSource: fc.constantFrom('web', 'partner'),
  flags: fc.record({
    competitor: fc.boolean(),
    free_mail: fc.boolean(),
    student: fc.boolean(),
    unsubscribed: fc.boolean(),
  }),
});

/**
 * Up to 400 days of history on an hour grid (instants collide, so ties for the latest
 * engagement happen), a few touchpoints after `now` (a replay at a past instant), ids in
 * random order so that the smallest id is not always the first.
 */
const eventsArb: fc.Arbitrary<ScoringEvent[]> = fc
  .array(
    fc.record({
      type: fc.constantFrom(...TYPES),
      hoursAgo: fc.integer({ min: -48, max: 400 * 24 }),
      url: fc.constantFrom(...URLS),
      intent: fc.constantFrom('high', 'low', undefined),
      id: fc.integer({ min: 0, max: 10_000 }),
    }),
    { maxLength: 60 },
  )
  .map((raw) =>
    raw.map((r, i) => ({
      id: `e-${r.id}-${i}`,
      type: r.type,
      occurredAt: new Date(NOW - r.hoursAgo * 60 * MINUTE),
      url: r.url,
      properties: r.intent ? { intent: r.intent } : {},
    })),
  );

const nowArb = fc.integer({ min: -10, max: 400 }).map((days) => new Date(NOW + days * DAY_MS));

/** Models unlike the default: windows or none, filters, negative points, decay types that rules do not count. */
const conditionArb: fc.Arbitrary<Condition> = fc.record(
  {
    events: fc.subarray(TYPES, { minLength: 1, maxLength: 3 }),
    withinDays: fc.integer({ min: 1, max: 120 }),
    where: fc.constantFrom<NonNullable<EventCondition['where']>>(
      { property: 'intent', in: ['high'] },
      { urlMatchesAny: ['/blog/'] },
      { property: 'intent', in: ['low'], urlMatchesAny: ['roi'] },
    ),
    sessions: fc.boolean(),
    atLeast: fc.integer({ min: 1, max: 3 }),
  },
  { requiredKeys: ['events'] },
);

const modelArb: fc.Arbitrary<ScoringModel> = fc.record({
  threshold: fc.integer({ min: 1, max: 60 }),
  rules: fc
    .array(
      fc.record({
        points: fc.integer({ min: -20, max: 30 }),
        kind: fc.constantFrom<'fit' | 'engagement'>('engagement', 'engagement', 'fit'),
        each: fc.boolean(),
        when: fc.array(conditionArb, { minLength: 1, maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((rules) =>
      rules.map((rule, i) => ({
        id: `rule_${i}`,
        label: `Rule ${i}`,
        kind: rule.kind,
        points: rule.points,
        count: rule.each ? ('each' as const) : ('once' as const),
        when: rule.when,
      })),
    ),
  decay: fc.option(
    fc.record({
      afterDays: fc.integer({ min: 1, max: 60 }),
      pointsPerWeek: fc.integer({ min: -10, max: 0 }),
      engagementEvents: fc.subarray(TYPES, { minLength: 1 }),
    }),
    { nil: undefined },
  ),
});

describe('the touchpoints re-scoring reads', () => {
  it('give the score of the whole history under the default model, decay and evidence included', () => {
    const model = compileModel(DEFAULT_SCORING_MODEL);
    fc.assert(
      fc.property(personArb, eventsArb, nowArb, (person, events, now) => {
        const read = selectReads(model.reads, events, now);
        expect(model.score(person, read, now)).toEqual(model.score(person, events, now));
      }),
      { numRuns: 500 },
    );
  });

  it('give the score of the whole history under any model', () => {
    fc.assert(
      fc.property(modelArb, personArb, eventsArb, nowArb, (spec, person, events, now) => {
        const model = compileModel(spec);
        const read = selectReads(model.reads, events, now);
        expect(model.score(person, read, now)).toEqual(model.score(person, events, now));
      }),
      { numRuns: 500 },
    );
  });

  it('leave out what the default model cannot see: old email opens, and all but the latest click', () => {
    const model = compileModel(DEFAULT_SCORING_MODEL);
    const at = (days: number) => new Date(NOW - days * DAY_MS);
    const events: ScoringEvent[] = [
      { id: 'open-old', type: 'email_open', occurredAt: at(31) },
      { id: 'open-new', type: 'email_open', occurredAt: at(29) },
      { id: 'click-old', type: 'email_click', occurredAt: at(20) },
      { id: 'click-new', type: 'email_click', occurredAt: at(10) },
      { id: 'view-old', type: 'page_view', occurredAt: at(300), url: '/blog/x', properties: {} },
      { id: 'unsubscribe', type: 'unsubscribe', occurredAt: at(1) },
    ];
    const read = selectReads(model.reads, events, new Date(NOW));
    expect(read.map((e) => e.id)).toEqual(['open-new', 'click-new', 'view-old']);
    expect(model.reads.lookbackMs.get('email_open')).toBe(30 * DAY_MS);
    expect(model.reads.lookbackMs.get('page_view')).toBe(Number.POSITIVE_INFINITY);
  });
});
