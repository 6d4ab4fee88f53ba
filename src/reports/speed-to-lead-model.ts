/**
 * Seed 001, "Speed-to-Lead Benchmarks": response time buckets and the share of the expected
 * conversion each keeps, and the pipeline estimated lost to slow follow-up.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface SpeedBucket {
  id: string;
  /** The seed's "Response Time" column. */
  label: string;
  /** Lower bound included, upper bound excluded (milliseconds). */
  fromMs: number;
  toMs: number | null;
  /** The seed's "Qualification Rate Impact": share of the expected conversion. */
  factor: number;
  impact: string;
}

export const SPEED_BUCKETS: readonly SpeedBucket[] = [
  {
    id: 'under_5m',
    label: '< 5 minutes',
    fromMs: 0,
    toMs: 5 * MINUTE,
    factor: 1,
    impact: 'Baseline (100% of expected conversion)',
  },
  {
    id: '5_30m',
    label: '5-30 minutes',
    fromMs: 5 * MINUTE,
    toMs: 30 * MINUTE,
    factor: 0.8,
    impact: '80% of expected conversion',
  },
  {
    id: '30_60m',
    label: '30-60 minutes',
    fromMs: 30 * MINUTE,
    toMs: HOUR,
    factor: 0.6,
    impact: '60% of expected conversion',
  },
  {
    id: '1_24h',
    label: '1-24 hours',
    fromMs: HOUR,
    toMs: 24 * HOUR,
    factor: 0.35,
    impact: '35% of expected conversion',
  },
  {
    id: 'over_24h',
    label: '> 24 hours',
    fromMs: 24 * HOUR,
    toMs: null,
    factor: 0.1,
    impact: '10% of expected conversion',
  },
];

export function bucketOf(elapsedMs: number): SpeedBucket {
  return SPEED_BUCKETS.find((b) => elapsedMs >= b.fromMs && (b.toMs === null || elapsedMs < b.toMs))!;
}

export const LOST_PIPELINE_FORMULA =
  'lost = sum over buckets of leads x (1 - factor) x expected pipeline per MQL; expected pipeline per MQL = MQL-to-SQL rate x SQL-to-opportunity rate x average deal size (the agreement targets)';

export interface BucketCount {
  bucket: SpeedBucket;
  leads: number;
  share: number | null;
  /** leads x (1 - factor) x expected pipeline per MQL, rounded to the cent. */
  lostCents: number;
}

export interface SpeedToLeadFigures {
  buckets: BucketCount[];
  /** Leads in the buckets: contacted, or still waiting after 24 hours. */
  measured: number;
  /** Expected pipeline of one MQL worked within 5 minutes. */
  expectedPipelinePerMqlCents: number;
  lostCents: number;
  /** Leads that would have been expected to convert, and how many of them slow follow-up cost. */
  expectedConversionShare: number | null;
}

/**
 * The distribution of `counts` (leads per bucket id) and the pipeline lost: a lead answered in
 * a bucket keeps `factor` of the expected conversion, so it loses `1 - factor` of the pipeline
 * an MQL is expected to bring.
 */
export function speedToLeadFigures(
  counts: Readonly<Record<string, number>>,
  targets: { mqlToSqlRate: number; sqlToOpportunityRate: number; averageDealSizeCents: number },
): SpeedToLeadFigures {
  const expected = Math.round(
    targets.mqlToSqlRate * targets.sqlToOpportunityRate * targets.averageDealSizeCents,
  );
  const measured = SPEED_BUCKETS.reduce((a, b) => a + (counts[b.id] ?? 0), 0);
  const buckets = SPEED_BUCKETS.map((bucket) => {
    const leads = counts[bucket.id] ?? 0;
    return {
      bucket,
      leads,
      share: measured === 0 ? null : leads / measured,
      lostCents: Math.round(leads * (1 - bucket.factor) * expected),
    };
  });
  const kept = buckets.reduce((a, b) => a + b.leads * b.bucket.factor, 0);
  return {
    buckets,
    measured,
    expectedPipelinePerMqlCents: expected,
    lostCents: buckets.reduce((a, b) => a + b.lostCents, 0),
    expectedConversionShare: measured === 0 ? null : kept / measured,
  };
}
