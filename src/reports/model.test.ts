import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose, type DiagnosticInput, type DiagnosticPeriod, PATTERNS } from './diagnostics-model.js';
import { isoWeekOf, isoWeekRange, median, monthRange, priorRange, reportRange } from './model.js';
import { toCsv, toHtml, toMarkdown } from './render.js';
import { actionItems, campaignVerdicts } from './review-model.js';
import { bucketOf, SPEED_BUCKETS, speedToLeadFigures } from './speed-to-lead-model.js';

describe('report ranges', () => {
  it('compares a calendar month with the month before, and other ranges with as many days', () => {
    expect(priorRange(monthRange('2026-03'))).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-28',
      days: 28,
    });
    expect(priorRange(reportRange('2026-10-01', '2026-12-31'))).toMatchObject({
      from: '2026-07-01',
      to: '2026-09-30',
    });
    expect(priorRange(reportRange('2026-10-05', '2026-10-11'))).toMatchObject({
      from: '2026-09-28',
      to: '2026-10-04',
    });
  });

  it('reads ISO weeks, including week 53 and weeks that start in the year before', () => {
    expect(isoWeekRange('2026-W43')).toMatchObject({ from: '2026-10-19', to: '2026-10-25' });
    expect(isoWeekRange('2026-W01')).toMatchObject({ from: '2025-12-29', to: '2026-01-04' });
    expect(isoWeekRange('2026-W53')).toMatchObject({ from: '2026-12-28' });
    expect(() => isoWeekRange('2025-W53')).toThrow(/no week 53/);
    expect(() => isoWeekRange('2026-43')).toThrow(/ISO week/);
  });

  it('maps every day to the ISO week whose range holds it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), (offset) => {
        const day = new Date(Date.UTC(2020, 0, 1) + offset * 86_400_000);
        const week = isoWeekRange(isoWeekOf(day));
        return week.start <= day && day < week.end;
      }),
    );
  });

  it('rejects days that do not exist and ranges that run backwards, naming the field', () => {
    expect(() => reportRange('2026-02-30', '2026-03-01')).toThrow(/calendar day/);
    try {
      reportRange('2026-10-10', '2026-10-01');
      expect.unreachable();
    } catch (error) {
      expect((error as { issues: { path: string }[] }).issues[0]!.path).toBe('/to');
    }
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('lies between the smallest and the largest value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1 }), (values) => {
        const m = median(values)!;
        return m >= Math.min(...values) && m <= Math.max(...values);
      }),
    );
  });
});

describe('speed-to-lead', () => {
  it("puts each response time in exactly one of the seed's buckets, bounds to the next one", () => {
    expect(bucketOf(4 * 60_000 + 59_999).label).toBe('< 5 minutes');
    expect(bucketOf(5 * 60_000).label).toBe('5-30 minutes');
    expect(bucketOf(3_600_000).label).toBe('1-24 hours');
    expect(bucketOf(86_400_000).label).toBe('> 24 hours');
    expect(SPEED_BUCKETS.map((b) => b.factor)).toEqual([1, 0.8, 0.6, 0.35, 0.1]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 86_400_000 }), (ms) => {
        const holding = SPEED_BUCKETS.filter((b) => ms >= b.fromMs && (b.toMs === null || ms < b.toMs));
        return holding.length === 1 && holding[0] === bucketOf(ms);
      }),
    );
  });

  it('prices the pipeline lost: leads x (1 - factor) x expected pipeline per MQL', () => {
    const targets = { mqlToSqlRate: 0.6, sqlToOpportunityRate: 0.5, averageDealSizeCents: 2_500_000 };
    // 10 leads after 1-24 hours: 10 x 65% x $7,500 = $48,750.
    const figures = speedToLeadFigures({ '1_24h': 10 }, targets);
    expect(figures.lostCents).toBe(4_875_000);
    expect(figures.expectedConversionShare).toBe(0.35);
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 5, maxLength: 5 }), (n) => {
        const counts = Object.fromEntries(SPEED_BUCKETS.map((b, i) => [b.id, n[i]!]));
        const f = speedToLeadFigures(counts, targets);
        // Never more than every lead lost whole, never lost for leads answered within 5 minutes.
        return f.lostCents <= f.measured * 750_000 + 5 && f.buckets[0]!.lostCents === 0;
      }),
    );
  });
});

const period = (over: Partial<DiagnosticPeriod> = {}): DiagnosticPeriod => ({
  mqls: 100,
  sqls: 70,
  opportunities: 40,
  wonDeals: 10,
  lostDeals: 30,
  wonCents: 25_000_000,
  salesCycleMedianDays: 30,
  costCents: 700_000,
  clocks: [],
  ...over,
});
const input = (over: Partial<DiagnosticInput> = {}): DiagnosticInput => ({
  current: period(),
  prior: period(),
  mqlTarget: 100,
  opportunitiesNeeded: 30,
  revenueTargetCents: 20_000_000,
  acceptanceTarget: 0.6,
  currency: 'USD',
  topDqCodes: [],
  scores: { acceptedAvg: 80, accepted: 10, rejectedAvg: 60, rejected: 5 },
  cacByChannel: undefined,
  ...over,
});
const detected = (i: DiagnosticInput) =>
  diagnose(i)
    .filter((f) => f.detected)
    .map((f) => f.id);

describe('diagnose', () => {
  it('detects nothing in a healthy quarter, and keeps the seed wording of each pattern', () => {
    expect(detected(input())).toEqual([]);
    expect(PATTERNS.pipeline_shortfall.rootCause).toBe("MQLs don't convert to opportunities");
    expect(PATTERNS.revenue_miss_despite_volume.marketingSays).toBe('"We delivered 120% of MQL target"');
  });

  it('detects each pattern from its own evidence', () => {
    expect(
      detected(
        input({
          current: period({ sqls: 50, costCents: 500_000 }),
          topDqCodes: [{ code: 'DQ-02', count: 9 }],
        }),
      ),
    ).toEqual(['low_conversion']);
    expect(detected(input({ current: period({ opportunities: 20 }) }))).toEqual(['pipeline_shortfall']);
    // 36 days against 30: +20%.
    expect(detected(input({ current: period({ salesCycleMedianDays: 36 }) }))).toEqual(['long_sales_cycles']);
    // Cost per SQL $120 against $100.
    expect(detected(input({ current: period({ costCents: 840_000 }) }))).toEqual(['high_cac']);
    // MQL target met, revenue $150,000 < $200,000, win rate 15% (6 of 40) against 25%: -40%.
    expect(
      detected(input({ current: period({ wonDeals: 6, lostDeals: 34, wonCents: 15_000_000 }) })),
    ).toEqual(['revenue_miss_despite_volume']);
    expect(
      detected(
        input({
          current: period({ clocks: [{ policy: 'mql_first_touch', judged: 20, breached: 5 }] }),
          prior: period({ clocks: [{ policy: 'mql_first_touch', judged: 20, breached: 2 }] }),
        }),
      ),
    ).toEqual(['sla_breaches_trending_up']);
    expect(
      detected(input({ scores: { acceptedAvg: 60, accepted: 10, rejectedAvg: 62, rejected: 4 } })),
    ).toEqual(['scoring_drift']);
  });

  it('uses CAC by channel from revenue attribution when it is given', () => {
    const cac = (cents: number) => [{ channel: 'events', costCents: cents, customers: 1, cacCents: cents }];
    const found = diagnose(input({ cacByChannel: { current: cac(130_000), prior: cac(100_000) } }));
    expect(found.find((f) => f.id === 'high_cac')).toMatchObject({
      detected: true,
      evidence: ['events: CAC $1,300 against $1,000 in the prior period'],
    });
  });
});

describe('pipeline review judgements', () => {
  const campaign = (name: string, mqls: number, accepted: number, topDqCode: string | null = null) => ({
    campaignId: name,
    name,
    mqls,
    accepted,
    disqualified: mqls - accepted,
    topDqCode,
  });
  it('names the campaign with the most accepted MQLs best and the lowest acceptance worst, with the DQ action', () => {
    const v = campaignVerdicts(
      [campaign('A', 10, 7), campaign('B', 20, 8, 'DQ-06'), campaign('C', 4, 3)],
      0.6,
    );
    expect(v.best).toMatchObject({ name: 'B', summary: '20 MQLs at 40% acceptance' });
    expect(v.worst).toMatchObject({ name: 'A', acceptance: 0.7 });
    const low = campaignVerdicts([campaign('A', 10, 9), campaign('B', 10, 2, 'DQ-06')], 0.6);
    expect(low.worst).toMatchObject({ name: 'B', action: 'Audit lead sources; tighten form validation' });
    expect(campaignVerdicts([], 0.6)).toEqual({ best: null, worst: null });
  });

  it('lists no action item when every figure is on target', () => {
    expect(
      actionItems({
        mqls: 50,
        mqlTarget: 41,
        acceptance: 0.7,
        acceptanceTarget: 0.6,
        speedMedianMs: 3_600_000,
        stalled: [],
        atRisk: [],
        worst: null,
        due: '2026-10-30',
      }),
    ).toEqual([]);
  });
});

describe('rendering', () => {
  const blocks = [
    { kind: 'heading' as const, level: 1 as const, text: 'Report <script>alert(1)</script>' },
    {
      kind: 'table' as const,
      headers: ['Metric', 'Value'],
      rows: [
        ['a|b', '1,000 "x"'],
        ['<b>', '2'],
      ],
    },
    { kind: 'heading' as const, level: 2 as const, text: 'Second' },
    { kind: 'table' as const, headers: ['Other'], rows: [['z']] },
  ];
  it('escapes every text in HTML', () => {
    const html = toHtml(blocks, 'T & <t>');
    expect(html).toContain('Report &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<title>T &amp; &lt;t&gt;</title>');
    expect(html).toContain('<td>&lt;b&gt;</td>');
    expect(html).not.toContain('<script>');
  });
  it('escapes table pipes in Markdown', () => {
    expect(toMarkdown(blocks)).toContain('| a\\|b | 1,000 "x" |');
  });
  it('writes every table as CSV rows under its section, quoting what needs it', () => {
    const rows = parse(toCsv(blocks), { relax_column_count: true }) as string[][];
    expect(rows).toEqual([
      ['section', 'Metric', 'Value'],
      ['Report <script>alert(1)</script>', 'a|b', '1,000 "x"'],
      ['Report <script>alert(1)</script>', '<b>', '2'],
      ['section', 'Other'],
      ['Second', 'z'],
    ]);
  });
});
