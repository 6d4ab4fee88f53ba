import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../core/index.js';
import { FlagDigestSchema } from '../feedback/index.js';
import { FUNNEL_DIMENSIONS } from './funnel-store.js';
import { REPORT_FORMATS } from './render.js';
import { FUNNEL_STAGES } from './store.js';

const Day = (description: string) =>
  Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description }));
const Format = Type.Optional(
  StringEnum(REPORT_FORMATS, {
    description: 'json (default), md, html or csv; the Accept header chooses when absent',
  }),
);

export const RangeQuery = Type.Object(
  {
    from: Day('first day (UTC), with to; default: the current month'),
    to: Day('last day, included'),
    format: Format,
  },
  { additionalProperties: false },
);

export const FunnelQuery = Type.Object(
  {
    from: Day('first day (UTC), with to; default: the current month'),
    to: Day('last day, included'),
    view: Type.Optional(
      StringEnum(['cohort', 'period'] as const, {
        description:
          'period (default): entries into each stage in the range; cohort: who entered the anchor stage in the range, followed',
      }),
    ),
    by: Type.Optional(StringEnum(FUNNEL_DIMENSIONS, { description: 'the grouping; default: total only' })),
    anchor: Type.Optional(
      StringEnum(FUNNEL_STAGES, {
        description: 'cohort view: the stage whose entry defines the cohort (default lead)',
      }),
    ),
    format: Format,
  },
  { additionalProperties: false },
);

export const WeekQuery = Type.Object(
  {
    week: Type.Optional(
      Type.String({ maxLength: 10, description: 'an ISO week like 2026-W43; default: the current week' }),
    ),
    format: Format,
  },
  { additionalProperties: false },
);

export const MonthQuery = Type.Object(
  {
    month: Type.Optional(
      Type.String({ maxLength: 10, description: 'a month like 2026-10; default: the current month' }),
    ),
    format: Format,
  },
  { additionalProperties: false },
);

const Status = StringEnum(['met', 'missed', 'benchmark', 'no_data', 'not_available'] as const);

export const MetricsSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  prior: Type.Object({ from: Type.String(), to: Type.String() }),
  agreementVersion: Type.Integer(),
  currency: Type.String(),
  metrics: Type.Array(
    Type.Object({
      id: Type.String(),
      metric: Type.String(),
      formula: Type.String(),
      target: Type.String(),
      owner: Type.String(),
      source: StringEnum(['seed', 'servio'] as const, {
        description: "seed: a row of seed 001's Primary Alignment Metrics; servio: added by the issue",
      }),
      value: Nullable(Type.Number()),
      display: Type.String(),
      prior: Nullable(Type.Number()),
      priorDisplay: Type.String(),
      change: Nullable(Type.Number({ description: 'relative change from the prior period' })),
      status: Status,
      note: Nullable(Type.String()),
      channels: Type.Optional(
        Type.Array(
          Type.Object({
            channel: Type.String(),
            cacCents: Nullable(Type.Integer()),
            priorCacCents: Nullable(Type.Integer()),
            customers: Type.Integer(),
          }),
        ),
      ),
    }),
  ),
});

const Stage = Type.Object({
  stage: Type.String(),
  label: Type.String(),
  volume: Type.Integer(),
  conversion: Nullable(Type.Number()),
  medianDays: Nullable(Type.Number({ description: 'median days from entering the stage before' })),
});
const Group = Type.Object({ key: Type.String(), label: Type.String(), stages: Type.Array(Stage) });

export const FunnelSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  view: Type.String(),
  by: Type.String(),
  anchor: Type.String(),
  total: Group,
  groups: Type.Array(Group),
});

const Bucket = Type.Object({
  bucket: Type.Object({
    id: Type.String(),
    label: Type.String(),
    fromMs: Type.Integer(),
    toMs: Nullable(Type.Integer()),
    factor: Type.Number(),
    impact: Type.String(),
  }),
  leads: Type.Integer(),
  share: Nullable(Type.Number()),
  lostCents: Type.Integer(),
});

const SpeedFigures = {
  buckets: Type.Array(Bucket),
  measured: Type.Integer(),
  expectedPipelinePerMqlCents: Type.Integer(),
  lostCents: Type.Integer(),
  expectedConversionShare: Nullable(Type.Number()),
  medianMs: Nullable(Type.Number()),
};

export const SpeedToLeadSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  currency: Type.String(),
  waiting: Type.Integer(),
  formula: Type.String(),
  measurement: Type.String(),
  ...SpeedFigures,
});

const Deal = {
  id: Type.String(),
  name: Type.String(),
  account: Nullable(Type.String()),
  owner: Nullable(Type.String()),
  stage: Type.String(),
  amountCents: Type.Integer(),
  currency: Type.String(),
  closeDate: Nullable(Type.String()),
  nextStep: Nullable(Type.String()),
  lastActivityAt: Nullable(DateTime),
  idleDays: Type.Integer(),
};
const Campaign = {
  campaignId: Type.String(),
  name: Type.String(),
  mqls: Type.Integer(),
  accepted: Type.Integer(),
  disqualified: Type.Integer(),
  topDqCode: Nullable(Type.String()),
};
const Verdict = Nullable(
  Type.Object({
    ...Campaign,
    acceptance: Nullable(Type.Number()),
    summary: Type.String(),
    action: Nullable(Type.String()),
  }),
);

export const PipelineReviewSchema = Type.Object({
  week: Type.String(),
  from: Type.String(),
  to: Type.String(),
  asOf: DateTime,
  agreementVersion: Type.Integer(),
  currency: Type.String(),
  funnel: Type.Object({
    mqls: Type.Integer(),
    mqlTarget: Type.Integer(),
    accepted: Type.Integer(),
    acceptance: Nullable(Type.Number()),
    acceptanceTarget: Type.Number(),
    speedToLeadMedianMs: Nullable(Type.Number()),
    speedToLeadTarget: Type.String(),
  }),
  deals: Type.Object({
    month: Type.String(),
    closingThisMonth: Type.Object({ count: Type.Integer(), top: Type.Array(Type.Object(Deal)) }),
    stalled: Type.Object({
      idleDays: Type.Integer(),
      count: Type.Integer(),
      deals: Type.Array(Type.Object(Deal)),
    }),
    atRisk: Type.Object({
      count: Type.Integer(),
      deals: Type.Array(Type.Object({ ...Deal, reasons: Type.Array(Type.String()) })),
    }),
  }),
  campaigns: Type.Object({ best: Verdict, worst: Verdict, all: Type.Array(Type.Object(Campaign)) }),
  actionItems: Type.Array(Type.Object({ owner: Type.String(), action: Type.String(), due: Type.String() })),
  leadQualityFlags: FlagDigestSchema,
  omittedSections: Type.Array(Type.Object({ section: Type.String(), reason: Type.String() }), {
    description: "sections of the seed's agenda with no data yet, left out",
  }),
});

const Finding = Type.Object({
  id: Type.String(),
  symptom: Type.String(),
  marketingSays: Nullable(Type.String()),
  salesSays: Nullable(Type.String()),
  rootCause: Type.String(),
  fix: Type.String(),
  source: StringEnum(['seed', 'servio'] as const),
  detected: Type.Boolean(),
  evidence: Type.Array(Type.String()),
});

export const DiagnosticsQuery = RangeQuery;

export const DiagnosticsSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  prior: Type.Object({ from: Type.String(), to: Type.String() }),
  agreementVersion: Type.Integer(),
  detected: Type.Integer(),
  findings: Type.Array(Finding),
});

const SlaRow = Type.Object({
  id: Type.String(),
  side: Type.String(),
  metric: Type.String(),
  target: Type.String(),
  actual: Nullable(Type.String()),
  value: Nullable(Type.Number()),
  met: Nullable(Type.Boolean()),
  total: Type.Integer(),
  missed: Type.Integer(),
  offending: Type.Array(Type.String()),
  measurement: Type.String(),
});

export const MonthlySchema = Type.Object({
  month: Type.String(),
  title: Type.String(),
  from: Type.String(),
  to: Type.String(),
  priorMonth: Type.String(),
  agreementVersion: Type.Integer(),
  currency: Type.String(),
  executiveSummary: Type.String(),
  marketingSla: Type.Array(SlaRow),
  salesSla: Type.Array(SlaRow),
  funnel: Type.Array(
    Type.Object({ ...Stage.properties, priorVolume: Type.Integer(), change: Nullable(Type.Number()) }),
  ),
  mqlTarget: Type.Integer(),
  revenueAttribution: Type.Object({
    available: Type.Boolean(),
    note: Type.Optional(Type.String()),
    totalCents: Type.Optional(Type.Integer()),
    lines: Type.Optional(
      Type.Array(
        Type.Object({ label: Type.String(), cents: Type.Integer(), share: Nullable(Type.Number()) }),
      ),
    ),
  }),
  speedToLead: Type.Object(SpeedFigures),
  campaigns: Type.Object({ best: Verdict, worst: Verdict }),
  keyInsights: Type.Array(Type.String()),
  priorities: Type.Array(Type.Object({ priority: Type.String(), owner: Type.String() })),
  diagnostics: Type.Array(Finding),
});
