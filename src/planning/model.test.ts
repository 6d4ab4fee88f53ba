import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/index.js';
import {
  decimalFraction,
  type FunnelInputs,
  mqlVolumeTarget,
  parsePeriod,
  periodRevenueTarget,
  pipelineCoverage,
  quarterOf,
  reverseFunnel,
} from './model.js';
import { DEFAULT_TARGETS } from './targets.js';

const usd = (dollars: number) => ({ cents: dollars * 100, currency: 'USD' });

const SEED_COVERAGE = {
  revenueTargetCents: 100_000_000,
  winRate: 0.25,
  fixedCoverage: null,
  averageDealSizeCents: 2_500_000,
  sqlToOpportunityRate: 0.5,
  mqlToSqlRate: 0.6,
};

describe('reverseFunnel (seed 001, "SLA Calculation")', () => {
  it('works back from $1,000,000 a quarter to 40 deals, 160 opportunities, 320 SQLs, 534 MQLs, 178 a month', () => {
    expect(reverseFunnel(DEFAULT_TARGETS)).toEqual({
      revenue: usd(1_000_000),
      averageDealSize: usd(25_000),
      winRate: 0.25,
      sqlToOpportunityRate: 0.5,
      mqlToSqlRate: 0.6,
      months: 3,
      deals: 40,
      opportunities: 160,
      sqls: 320,
      mqls: 534,
      perMonth: {
        revenue: { cents: 33_333_334, currency: 'USD' },
        deals: 14,
        opportunities: 54,
        sqls: 107,
        mqls: 178,
      },
    });
  });

  it('reads a rate as the decimal it is written as: 3 deals at 10% need 30 opportunities, not 31', () => {
    // 3 / 0.1 is 30.000000000000004 in floating point.
    const funnel = reverseFunnel({ ...DEFAULT_TARGETS, revenuePerPeriod: usd(75_000), winRate: 0.1 });
    expect(funnel.deals).toBe(3);
    expect(funnel.opportunities).toBe(30);
  });

  it('refuses a plan too large to count exactly rather than round it wrong', () => {
    const absurd = { ...DEFAULT_TARGETS, averageDealSize: { cents: 1, currency: 'USD' }, winRate: 1e-9 };
    expect(() => reverseFunnel(absurd)).toThrow(ValidationError);
  });

  it('rounds a part of a deal up to a whole deal', () => {
    expect(
      reverseFunnel({ ...DEFAULT_TARGETS, revenuePerPeriod: { cents: 2_500_001, currency: 'USD' } }).deals,
    ).toBe(2);
  });
});

describe('mqlVolumeTarget', () => {
  it("is the seed's 178 MQLs a month, and 534 over the quarter", () => {
    expect(mqlVolumeTarget(DEFAULT_TARGETS)).toBe(178);
    expect(mqlVolumeTarget(DEFAULT_TARGETS, 3)).toBe(534);
    expect(() => mqlVolumeTarget(DEFAULT_TARGETS, 0)).toThrow(RangeError);
  });
});

// Plausible plans: rates from 1% to 100%, deals of $100 and more, goals up to $1bn.
const rate = fc.integer({ min: 10, max: 1000 }).map((n) => n / 1000);
const targets: fc.Arbitrary<FunnelInputs> = fc.record({
  revenuePerPeriod: fc.integer({ min: 1, max: 1e11 }).map((cents) => ({ cents, currency: 'USD' })),
  monthsPerPeriod: fc.integer({ min: 1, max: 12 }),
  averageDealSize: fc.integer({ min: 10_000, max: 1e9 }).map((cents) => ({ cents, currency: 'USD' })),
  winRate: rate,
  sqlToOpportunityRate: rate,
  mqlToSqlRate: rate,
});

describe('reverseFunnel properties', () => {
  it('each step needs at least as many as the next, and rounding never loses a deal', () => {
    fc.assert(
      fc.property(targets, (t) => {
        const f = reverseFunnel(t);
        expect(f.mqls).toBeGreaterThanOrEqual(f.sqls);
        expect(f.sqls).toBeGreaterThanOrEqual(f.opportunities);
        expect(f.opportunities).toBeGreaterThanOrEqual(f.deals);
        // Enough deals for the revenue, enough of each step for the next at its rate.
        expect(f.deals * t.averageDealSize.cents).toBeGreaterThanOrEqual(t.revenuePerPeriod.cents);
        expect((f.deals - 1) * t.averageDealSize.cents).toBeLessThan(t.revenuePerPeriod.cents);
        expect(Math.round(f.opportunities * t.winRate * 1000)).toBeGreaterThanOrEqual(f.deals * 1000);
        expect(Math.round(f.sqls * t.sqlToOpportunityRate * 1000)).toBeGreaterThanOrEqual(
          f.opportunities * 1000,
        );
        expect(Math.round(f.mqls * t.mqlToSqlRate * 1000)).toBeGreaterThanOrEqual(f.sqls * 1000);
        // The months together cover the period.
        for (const step of ['deals', 'opportunities', 'sqls', 'mqls'] as const) {
          expect(f.perMonth[step] * t.monthsPerPeriod).toBeGreaterThanOrEqual(f[step]);
          expect((f.perMonth[step] - 1) * t.monthsPerPeriod).toBeLessThan(f[step]);
        }
      }),
    );
  });

  it('never asks for less when the revenue target grows', () => {
    fc.assert(
      fc.property(targets, fc.integer({ min: 0, max: 1e10 }), (t, more) => {
        const lower = reverseFunnel(t);
        const higher = reverseFunnel({
          ...t,
          revenuePerPeriod: { ...t.revenuePerPeriod, cents: t.revenuePerPeriod.cents + more },
        });
        for (const step of ['deals', 'opportunities', 'sqls', 'mqls'] as const)
          expect(higher[step]).toBeGreaterThanOrEqual(lower[step]);
      }),
    );
  });
});

describe('pipelineCoverage', () => {
  it('derives 4x from a 25% win rate: $4,000,000 of pipeline for $1,000,000', () => {
    const coverage = pipelineCoverage({ ...SEED_COVERAGE, openPipelineCents: 250_000_000 });
    expect(coverage).toEqual({
      requiredCoverage: 4,
      coverageSource: 'win_rate',
      requiredPipelineCents: 400_000_000,
      openPipelineCents: 250_000_000,
      actualCoverage: 2.5,
      gapCents: 150_000_000,
      // $1,500,000 missing = 60 opportunities of $25,000 -> 120 SQLs -> 200 MQLs.
      gap: { opportunities: 60, sqls: 120, mqls: 200 },
    });
  });

  it("uses the coverage the agreement fixes (the seed's 3x example) instead", () => {
    const coverage = pipelineCoverage({ ...SEED_COVERAGE, fixedCoverage: 3, openPipelineCents: 290_000_000 });
    expect(coverage).toMatchObject({
      requiredCoverage: 3,
      coverageSource: 'agreement',
      requiredPipelineCents: 300_000_000,
      gapCents: 10_000_000,
      // $100,000 = 4 opportunities -> 8 SQLs -> 13.33 -> 14 MQLs.
      gap: { opportunities: 4, sqls: 8, mqls: 14 },
    });
  });

  it('has no gap when the pipeline covers the target', () => {
    expect(pipelineCoverage({ ...SEED_COVERAGE, openPipelineCents: 500_000_000 })).toMatchObject({
      actualCoverage: 5,
      gapCents: 0,
      gap: { opportunities: 0, sqls: 0, mqls: 0 },
    });
  });

  it('closes the gap: the MQLs of the gap, converted at the rates, bring at least the missing pipeline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e11 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 10_000, max: 1e9 }),
        rate,
        rate,
        rate,
        fc.option(fc.integer({ min: 100, max: 1000 }).map((n) => n / 100)),
        (revenue, open, deal, winRate, sqlToOpp, mqlToSql, fixed) => {
          const c = pipelineCoverage({
            revenueTargetCents: revenue,
            openPipelineCents: open,
            averageDealSizeCents: deal,
            winRate,
            sqlToOpportunityRate: sqlToOpp,
            mqlToSqlRate: mqlToSql,
            fixedCoverage: fixed,
          });
          expect(c.gapCents).toBe(Math.max(0, c.requiredPipelineCents - open));
          expect(c.requiredPipelineCents).toBeGreaterThanOrEqual(revenue);
          expect(c.gap.opportunities * deal).toBeGreaterThanOrEqual(c.gapCents);
          expect(c.gap.mqls).toBeGreaterThanOrEqual(c.gap.sqls);
          expect(c.gap.sqls).toBeGreaterThanOrEqual(c.gap.opportunities);
        },
      ),
    );
  });
});

describe('periods', () => {
  it('reads a quarter and a month as inclusive calendar days', () => {
    expect(parsePeriod('2026-Q4')).toEqual({
      label: '2026-Q4',
      from: '2026-10-01',
      to: '2026-12-31',
      months: 3,
    });
    expect(parsePeriod('2026-q1')).toMatchObject({ label: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
    expect(parsePeriod('2028-02')).toEqual({
      label: '2028-02',
      from: '2028-02-01',
      to: '2028-02-29',
      months: 1,
    });
    expect(quarterOf(new Date('2026-08-15T12:00:00Z')).label).toBe('2026-Q3');
  });

  it('names the field of a period it cannot read', () => {
    for (const bad of ['2026-Q5', '2026-13', 'Q4', '2026'])
      expect(() => parsePeriod(bad)).toThrow(ValidationError);
  });

  it('pro-rates the quarterly target to a month, rounding up to the cent', () => {
    expect(periodRevenueTarget(DEFAULT_TARGETS, 3)).toEqual(usd(1_000_000));
    expect(periodRevenueTarget(DEFAULT_TARGETS, 1)).toEqual({ cents: 33_333_334, currency: 'USD' });
  });
});

describe('decimalFraction', () => {
  it('reads numbers as written, exponents included', () => {
    expect(decimalFraction(0.6)).toEqual({ num: 6n, den: 10n });
    expect(decimalFraction(3)).toEqual({ num: 3n, den: 1n });
    expect(decimalFraction(1e-7)).toEqual({ num: 1n, den: 10_000_000n });
    expect(decimalFraction(1e21)).toEqual({ num: 10n ** 21n, den: 1n });
  });
});
