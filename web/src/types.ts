/** The shapes of the API answers the dashboard reads (see /openapi.json). */

export type Role = 'admin' | 'revops' | 'marketing' | 'sales_manager' | 'sales_rep';

export interface Me {
  kind: string;
  keyId: string | null;
  name: string;
  role: Role;
  userId: string | null;
  permissions: string[];
}

export interface Money {
  cents: number;
  currency: string;
}

export interface ComplianceRow {
  id: string;
  side: 'marketing' | 'sales';
  metric: string;
  target: string;
  actual: string;
  value: number | null;
  met: boolean | null;
  total: number;
  missed: number;
  offending: string[];
  measurement: string;
}

export interface Compliance {
  period: string;
  from: string;
  to: string;
  agreementVersion: number;
  marketing: ComplianceRow[];
  sales: ComplianceRow[];
}

export interface Conversion {
  from: string;
  to: string;
  entered: number;
  converted: number;
  rate: number | null;
  medianMs: number | null;
}

export interface Coverage {
  period: { label: string; from: string; to: string; months: number };
  agreementVersion: number;
  revenueTarget: Money;
  openPipeline: Money;
  opportunities: number;
  requiredCoverage: number;
  coverageSource: string;
  requiredPipeline: Money;
  actualCoverage: number | null;
  gap: Money;
  gapFunnel: { opportunities: number; sqls: number; mqls: number };
  otherCurrencies: unknown[];
  undatedOpenOpportunities: number;
}

export interface FunnelCounts {
  deals: number;
  opportunities: number;
  sqls: number;
  mqls: number;
}

export interface ReverseFunnel extends FunnelCounts {
  agreementVersion: number;
  overridden: string[];
  revenue: Money;
  averageDealSize: Money;
  winRate: number;
  sqlToOpportunityRate: number;
  mqlToSqlRate: number;
  months: number;
  perMonth: FunnelCounts & { revenue: Money };
}

export interface QueueItem {
  personId: string;
  name: string;
  email: string | null;
  title: string | null;
  company: string | null;
  stage: string;
  ownerUserId: string | null;
  score: number | null;
  routedAt: string | null;
  firstTouchDueAt: string | null;
  overdue: boolean;
  unassignedSince: string | null;
}

export interface Handoff {
  person: {
    id: string;
    name: string;
    email: string | null;
    title: string | null;
    phone: string | null;
    company: string | null;
    country: string | null;
    leadSource: string | null;
    stage: string;
    stageEnteredAt: string;
  };
  owner: { id: string; name: string; email: string } | null;
  score: { total: number; fit: number; engagement: number; decay: number; explanation: string[] } | null;
  timeline: { at: string; type: string; url: string | null }[];
  contentConsumed: { content: string; type: string; times: number; lastAt: string }[];
  firmographics: {
    name: string;
    domain: string | null;
    employees: number | null;
    industry: string | null;
    country: string | null;
  } | null;
  openOpportunities: { id: string; name: string; stage: string; amountCents: number; currency: string }[];
  persona: string | null;
  talkingPoints: string[] | null;
  routing: { rule: string | null; reason: string } | null;
  passNotes: string | null;
  sla: { routedAt: string | null; firstTouchDueAt: string | null };
}

export interface User {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
}

export interface Clock {
  id: string;
  policy: string;
  personId: string | null;
  startedAt: string;
  dueAt: string;
  stoppedAt: string | null;
  status: string;
  breachedAt: string | null;
  accountableUserId: string | null;
  escalationLevel: number;
  acknowledgedAt: string | null;
  acknowledgement: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface DqCode {
  code: string;
  reason: string;
  marketingAction: string;
}

export interface AgreementDocument {
  name?: string;
  scoring: { threshold: number; rules: unknown[] };
  disqualificationCodes: DqCode[];
  targets: {
    revenuePerPeriod: Money;
    monthsPerPeriod: number;
    averageDealSize: Money;
    winRate: number;
    sqlToOpportunityRate: number;
    mqlToSqlRate: number;
    pipelineCoverage: number | null;
  };
  [section: string]: unknown;
}

export interface Signer {
  id: string | null;
  name: string;
  at: string;
}

export interface AgreementVersion {
  version: number;
  status: 'proposed' | 'active' | 'superseded' | 'rejected' | string;
  summary: string;
  proposedBy: { type: string; id: string | null; name: string };
  proposedAt: string;
  approvals: { marketing: Signer | null; sales: Signer | null };
  rejection: (Signer & { reason: string }) | null;
  effectiveAt: string | null;
  document?: AgreementDocument;
}

export interface ReplayModel {
  mqlsByWeek: { weekStarting: string; mqls: number }[];
  totalMqls: number;
  passes: { sql: number; opportunity: number; customer: number; rejectedBySales: number };
}

export interface Replay {
  currentVersion: number;
  from: string;
  to: string;
  people: number;
  outcomes: ReplayModel['passes'];
  current: ReplayModel;
  proposed: ReplayModel;
}

/** GET /v1/attribution (src/attribution/schema.ts). */
export interface AttributionCredit {
  key: string;
  conversions: number;
  value: number;
  share: number;
  standardError?: number;
}

export interface AttributionModelResult {
  model: string;
  credits: AttributionCredit[];
  conversions: number;
  value: number;
  method?: 'exact' | 'sampled';
  samples?: number;
}

export interface AttributionReport {
  source: { from: string; to: string; conversion: string; by: string; level: string };
  conversions: number;
  value: number;
  nulls: number;
  paths: number;
  models: AttributionModelResult[];
}

/** GET /v1/attribution/revenue (src/attribution/revenue-schema.ts). */
export interface RevenueSplit {
  cents: number;
  deals: number;
  share: number;
}

export interface RevenueFigures {
  total: { cents: number; deals: number };
  sourced: RevenueSplit;
  influenced: RevenueSplit;
  salesSourced: RevenueSplit;
}

export interface RevenueAttribution {
  from: string;
  to: string;
  period: string;
  currency: string;
  periods: { label: string; from: string; to: string; pipeline: RevenueFigures; revenue: RevenueFigures }[];
  total: { pipeline: RevenueFigures; revenue: RevenueFigures };
  otherCurrencies: { currency: string; deals: number }[];
}

/** GET /v1/attribution/roi. */
export interface EconomicsRow {
  key: string;
  name: string;
  channel: string | null;
  spendCents: number;
  leads: number;
  mqls: number;
  sqls: number;
  opportunities: number;
  pipelineCents: number;
  customers: number;
  revenueCents: number;
  cacCents: number | null;
  romi: number | null;
}

export interface Economics {
  from: string;
  to: string;
  by: string;
  attribution: string;
  currency: string;
  rows: EconomicsRow[];
  totals: {
    marketingSpendCents: number;
    revenueCents: number;
    marketingSourcedRevenueCents: number;
    blendedCacCents: number | null;
    romi: number | null;
  };
}

/** GET /v1/reports/monthly (src/reports/schema.ts). */
export interface ReportSlaRow {
  id: string;
  side: string;
  metric: string;
  target: string;
  actual: string | null;
  met: boolean | null;
}

export interface ReportStage {
  stage: string;
  label: string;
  volume: number;
  conversion: number | null;
  medianDays: number | null;
}

export interface Campaign {
  campaignId: string;
  name: string;
  mqls: number;
  accepted: number;
  disqualified: number;
  topDqCode: string | null;
}

export type CampaignVerdict =
  | (Campaign & { acceptance: number | null; summary: string; action: string | null })
  | null;

export interface Finding {
  id: string;
  symptom: string;
  rootCause: string;
  fix: string;
  source: 'seed' | 'servio';
  detected: boolean;
  evidence: string[];
}

export interface MonthlyReport {
  month: string;
  title: string;
  from: string;
  to: string;
  priorMonth: string;
  agreementVersion: number;
  currency: string;
  executiveSummary: string;
  marketingSla: ReportSlaRow[];
  salesSla: ReportSlaRow[];
  funnel: (ReportStage & { priorVolume: number; change: number | null })[];
  mqlTarget: number;
  revenueAttribution: {
    available: boolean;
    note?: string;
    totalCents?: number;
    lines?: { label: string; cents: number; share: number | null }[];
  };
  speedToLead: { measured: number; lostCents: number; medianMs: number | null };
  campaigns: { best: CampaignVerdict; worst: CampaignVerdict };
  keyInsights: string[];
  priorities: { priority: string; owner: string }[];
  diagnostics: Finding[];
}

export interface ReviewDeal {
  id: string;
  name: string;
  account: string | null;
  owner: string | null;
  stage: string;
  amountCents: number;
  currency: string;
  closeDate: string | null;
  idleDays: number;
}

export interface PipelineReview {
  week: string;
  from: string;
  to: string;
  currency: string;
  funnel: {
    mqls: number;
    mqlTarget: number;
    accepted: number;
    acceptance: number | null;
    acceptanceTarget: number;
    speedToLeadMedianMs: number | null;
    speedToLeadTarget: string;
  };
  deals: {
    month: string;
    closingThisMonth: { count: number; top: ReviewDeal[] };
    stalled: { idleDays: number; count: number; deals: ReviewDeal[] };
    atRisk: { count: number; deals: (ReviewDeal & { reasons: string[] })[] };
  };
  campaigns: { best: CampaignVerdict; worst: CampaignVerdict; all: Campaign[] };
  actionItems: { owner: string; action: string; due: string }[];
  leadQualityFlags: {
    count: number;
    open: number;
    byKind: { kind: FlagKind; count: number }[];
    flags: (QualityFlag & { campaignName: string | null })[];
  };
  omittedSections: { section: string; reason: string }[];
}

export interface Diagnostics {
  from: string;
  to: string;
  agreementVersion: number;
  detected: number;
  findings: Finding[];
}

// ---- feedback to marketing (src/feedback/flags-*, tasks-*)

export type FlagKind =
  | 'wrong_persona'
  | 'bad_data'
  | 'no_budget_fit'
  | 'duplicate'
  | 'spam_fake'
  | 'student_competitor'
  | 'other';

export interface QualityFlag {
  id: string;
  personId: string | null;
  campaignId: string | null;
  campaignVia: 'campaign' | 'first_touch' | 'latest_campaign' | 'none';
  kind: FlagKind;
  severity: 'low' | 'medium' | 'high';
  comment: string | null;
  status: 'open' | 'acknowledged' | 'resolved';
  recipientUserId: string | null;
  raisedBy: { type: string; id: string | null; userId: string | null };
  raisedAt: string;
  response: string | null;
  respondedById: string | null;
  respondedAt: string | null;
}

export interface MarketingTask {
  id: string;
  dqCode: string;
  kind: string;
  action: string;
  campaignId: string | null;
  leadSource: string | null;
  assigneeUserId: string | null;
  assignedTo: 'campaign_owner' | 'marketing_ops';
  status: 'open' | 'completed';
  leadCount: number;
  latestPersonId: string | null;
  latestAt: string;
  leadSources: { source: string | null; leads: number }[];
  agreementVersion: number;
  createdAt: string;
  completedAt: string | null;
  completedById: string | null;
  completionNote: string | null;
}
