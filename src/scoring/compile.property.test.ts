import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel, DAY_MS } from './compile.js';
import { DEFAULT_SCORING_MODEL } from './default-model.js';
import type { PersonFacts, ScoringEvent } from './facts.js';
import type { ScoringModel } from './rules.js';

const NOW = new Date('2026-11-23T09:00:00Z').getTime();
const MINUTE = 60_000;
const model = compileModel(DEFAULT_SCORING_MODEL);

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
const URLS = [
  null,
  '/blog/alignment',
  '/pricing',
  '/roi-calculator',
  '/case-studies/acme',
  '/product',
  '/a-vs-b',
];

const personArb: fc.Arbitrary<PersonFacts> = fc.record({
  title: fc.constantFrom('VP Marketing', 'Director of Sales', 'Engineer', 'CMO', null),
  employees: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
  industry: fc.constantFrom('Software', 'Retail', 'healthcare', null),
  country: fc.constantFrom('US', 'France', 'Brazil', null),
  emailDomain: fc.constantFrom('acme.example', 'gmail.com'),
  leadSource: fc.constantFrom('web', 'partner'),
  flags: fc.record({
    competitor: fc.boolean(),
    free_mail: fc.boolean(),
    student: fc.boolean(),
    unsubscribed: fc.boolean(),
  }),
});

interface RawEvent {
  type: string;
  minutesAgo: number;
  url: string | null;
  intent: 'high' | 'low' | undefined;
}

/** One touchpoint up to 120 days before NOW, on a minute grid so that instants collide. */
const eventArb: fc.Arbitrary<RawEvent> = fc.record({
  type: fc.constantFrom(...TYPES),
  minutesAgo: fc.integer({ min: 0, max: 120 * 24 * 60 }),
  url: fc.constantFrom(...URLS),
  intent: fc.constantFrom('high', 'low', undefined),
});

function toEvents(raw: readonly RawEvent[]): ScoringEvent[] {
  return raw.map((r, i) => ({
    id: `e-${i}`,
    type: r.type,
    occurredAt: new Date(NOW - r.minutesAgo * MINUTE),
    url: r.url,
    properties: r.intent ? { intent: r.intent } : {},
  }));
}

const eventsArb = fc.array(eventArb, { maxLength: 60 }).map(toEvents);

describe('score properties (default model)', () => {
  it('does not depend on the order of the events', () => {
    fc.assert(
      fc.property(
        personArb,
        eventsArb.chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        (person, [events, shuffled]) => {
          expect(model.score(person, shuffled, new Date(NOW))).toEqual(
            model.score(person, events, new Date(NOW)),
          );
        },
      ),
    );
  });

  it('adds up: total = fit + engagement, and the rules plus decay make the total', () => {
    fc.assert(
      fc.property(personArb, eventsArb, fc.integer({ min: 0, max: 400 }), (person, events, days) => {
        const result = model.score(person, events, new Date(NOW + days * DAY_MS));
        expect(result.total).toBe(result.fit + result.engagement);
        const sum = (kind: string) =>
          result.rules.filter((rule) => rule.kind === kind).reduce((total, rule) => total + rule.points, 0);
        expect(result.fit).toBe(sum('fit'));
        expect(result.engagement).toBe(sum('engagement') + result.decay);
        expect(result.qualifies).toBe(result.total >= 50);
      }),
    );
  });

  it('only loses points as time passes without new events, and decay only grows', () => {
    fc.assert(
      fc.property(
        personArb,
        eventsArb,
        fc.integer({ min: 0, max: 300 * 24 }),
        fc.integer({ min: 0, max: 300 * 24 }),
        (person, events, hoursA, hoursB) => {
          const [early, late] = [Math.min(hoursA, hoursB), Math.max(hoursA, hoursB)];
          const a = model.score(person, events, new Date(NOW + early * 3_600_000));
          const b = model.score(person, events, new Date(NOW + late * 3_600_000));
          expect(b.engagement).toBeLessThanOrEqual(a.engagement);
          expect(b.total).toBeLessThanOrEqual(a.total);
          expect(b.inactivity!.weeks).toBeGreaterThanOrEqual(a.inactivity!.weeks);
          // Decay is limited to the engagement score: it never takes engagement below zero, or
          // below what negative rules alone make it (a windowed +5 may expire beside a -30).
          expect(b.engagement).toBeGreaterThanOrEqual(Math.min(0, b.engagement - b.decay));
        },
      ),
    );
    // Without windowed rules the engagement before decay is fixed, so the decay itself is monotone.
    const unwindowed = compileModel({
      ...DEFAULT_SCORING_MODEL,
      rules: DEFAULT_SCORING_MODEL.rules.filter(
        (rule) => !rule.when.some((condition) => 'withinDays' in condition && condition.withinDays),
      ),
    });
    fc.assert(
      fc.property(personArb, eventsArb, fc.nat(400), fc.nat(400), (person, events, dayA, dayB) => {
        const a = unwindowed.score(person, events, new Date(NOW + Math.min(dayA, dayB) * DAY_MS));
        const b = unwindowed.score(person, events, new Date(NOW + Math.max(dayA, dayB) * DAY_MS));
        expect(b.decay).toBeLessThanOrEqual(a.decay);
      }),
    );
  });

  it('never lowers the engagement score when a touchpoint is added', () => {
    fc.assert(
      fc.property(personArb, eventsArb, eventArb, fc.nat(200), (person, events, extra, days) => {
        const now = new Date(NOW + days * DAY_MS);
        const [added] = toEvents([extra]);
        const more = [...events, { ...added!, id: 'added' }];
        expect(model.score(person, more, now).engagement).toBeGreaterThanOrEqual(
          model.score(person, events, now).engagement,
        );
      }),
    );
  });

  it('gives the same number whatever was scored before (a sweep and a lazy read agree)', () => {
    fc.assert(
      fc.property(personArb, eventsArb, eventsArb, (person, events, other) => {
        const now = new Date(NOW);
        const first = model.score(person, events, now);
        model.score(person, [...other, ...other, ...other], now);
        expect(model.score(person, events, now)).toEqual(first);
      }),
    );
  });
});

describe('caps', () => {
  const ruleArb = fc.record({
    type: fc.constantFrom(...TYPES),
    points: fc.integer({ min: -20, max: 20 }),
    cap: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    each: fc.boolean(),
  });

  it('hold for every rule, positive or negative, once or each', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 6 }), eventsArb, (specs, events) => {
        const custom: ScoringModel = {
          threshold: 10,
          rules: specs.map((spec, i) => ({
            id: `rule_${i}`,
            label: `Rule ${i}`,
            kind: 'engagement',
            points: spec.points,
            count: spec.each ? 'each' : 'once',
            ...(spec.cap === undefined ? {} : { cap: spec.cap }),
            when: [{ events: [spec.type] }],
          })),
        };
        const result = compileModel(custom).score(
          { flags: { competitor: false, free_mail: false, student: false, unsubscribed: false } },
          events,
          new Date(NOW),
        );
        for (const fired of result.rules) {
          const spec = specs[Number(fired.id.slice(5))]!;
          const counted = events.filter((event) => event.type === spec.type).length;
          const raw = spec.each ? spec.points * counted : spec.points;
          const cap = spec.cap ?? Number.POSITIVE_INFINITY;
          expect(Math.abs(fired.points)).toBeLessThanOrEqual(cap);
          expect(fired.points).toBe(Math.sign(raw) * Math.min(Math.abs(raw), cap));
        }
      }),
    );
  });
});
