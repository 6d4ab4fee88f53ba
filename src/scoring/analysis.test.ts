import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.js';
import { compileModel } from './compile.js';
import { DEFAULT_SCORING_MODEL } from './default-model.js';
import { NO_FLAGS } from './facts.js';
import { firstQualification, replay, type ReplayPerson } from './replay.js';

const FROM = new Date('2026-03-02T00:00:00Z');
const TO = new Date('2026-03-30T00:00:00Z');
const at = (day: number, hour = 9) => new Date(FROM.getTime() + day * 86_400_000 + hour * 3_600_000);

function person(
  id: string,
  title: string,
  events: [string, Date][],
  reached: Partial<ReplayPerson['reached']> = {},
): ReplayPerson {
  return {
    id,
    facts: { title, employees: 120, industry: 'Software', country: 'Germany', flags: { ...NO_FLAGS } },
    events: events.map(([type, occurredAt], i) => ({ id: `${id}-${i}`, type, occurredAt })),
    reached: { sql: false, opportunity: false, customer: false, rejectedBySales: false, ...reached },
  };
}

describe('replay', () => {
  const model = compileModel(DEFAULT_SCORING_MODEL);
  const stricter = compileModel({ ...DEFAULT_SCORING_MODEL, threshold: 70 });
  const people = [
    // fit 50 (title, size, industry, geography) qualifies at the first touch; 65 with pricing
    person(
      'a',
      'VP Marketing',
      [
        ['page_view', at(1)],
        ['pricing_page_view', at(3)],
      ],
      { sql: true, opportunity: true },
    ),
    // fit 30 (no title) + pricing 15 + demo 25 = 70 on day 8
    person(
      'b',
      'Engineer',
      [
        ['pricing_page_view', at(2)],
        ['demo_request', at(8)],
      ],
      { sql: true, customer: true, opportunity: true },
    ),
    // fit 30 + pricing 15 = 45: never qualifies
    person('c', 'Engineer', [['pricing_page_view', at(5)]], { rejectedBySales: true }),
  ];

  it('finds the instant a person first qualifies', () => {
    expect(firstQualification(model, people[0]!, FROM, TO)).toEqual(at(1));
    expect(firstQualification(model, people[1]!, FROM, TO)).toEqual(at(8));
    expect(firstQualification(model, people[2]!, FROM, TO)).toBeUndefined();
  });

  it('compares MQL volume and the outcomes each model would have passed', () => {
    const report = replay(model, stricter, people, FROM, TO);
    expect(report.outcomes).toEqual({ sql: 2, opportunity: 2, customer: 1, rejectedBySales: 1 });
    expect(report.current.totalMqls).toBe(2);
    expect(report.proposed.totalMqls).toBe(1);
    expect(report.proposed.passes).toEqual({ sql: 1, opportunity: 1, customer: 1, rejectedBySales: 0 });
    expect(report.current.mqlsByWeek.map((w) => w.mqls)).toEqual([1, 1, 0, 0, 0]);
    expect(report.current.mqlsByWeek.reduce((n, w) => n + w.mqls, 0)).toBe(report.current.totalMqls);
  });
});

describe('calibrate', () => {
  const decided = [
    { accepted: false, won: false, score: 50, rules: ['pricing_page_visit'] },
    { accepted: false, won: false, score: 52, rules: ['pricing_page_visit'] },
    { accepted: true, won: false, score: 55, rules: ['pricing_page_visit', 'title_matches_icp'] },
    { accepted: true, won: true, score: 68, rules: ['demo_request', 'title_matches_icp'] },
    { accepted: true, won: false, score: 71, rules: ['demo_request'] },
  ];

  it('reports acceptance by band and lift per rule', () => {
    const report = calibrate(decided, 50, 0.6);
    expect(report.acceptance).toBeCloseTo(0.6);
    expect(report.bands.map((b) => [b.band, b.mqls, b.accepted])).toEqual([
      ['50-59', 3, 1],
      ['60-69', 1, 1],
      ['70-79', 1, 1],
    ]);
    const demo = report.rules.find((r) => r.rule === 'demo_request')!;
    expect(demo.acceptance).toBe(1);
    expect(demo.lift).toBeCloseTo(1 / 0.6);
  });

  it('finds the lowest threshold that holds the acceptance target, with the volume it costs', () => {
    expect(calibrate(decided, 50, 0.8).suggestion).toEqual({
      threshold: 55,
      mqls: 3,
      acceptance: 1,
      volumeChange: -2,
    });
    expect(calibrate(decided, 50, 1.01).suggestion).toBeNull();
  });
});
