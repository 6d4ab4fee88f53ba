import type { FieldIssue } from '../core/index.js';

/**
 * Buyer personas and the buying-process map (issue 8, seed 002 "The target buyer and their
 * buying process", seed 004 "Define the Buying Process" and "Identify Alignment Points").
 * Pure values and checks; the store keeps them, the service chains them.
 */

/** The part a persona plays in the buying decision. */
export const BUYING_ROLES = [
  'decision_maker',
  'economic_buyer',
  'technical_buyer',
  'champion',
  'influencer',
  'end_user',
] as const;
export type BuyingRole = (typeof BUYING_ROLES)[number];

export interface Persona {
  id: string;
  /** A short stable name (`vp-marketing`); content assets name personas by it. */
  key: string;
  name: string;
  role: string | null;
  titles: string[];
  segment: string | null;
  pains: string[];
  goals: string[];
  objections: string[];
  buyingRole: BuyingRole | null;
  channels: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type PersonaFields = Omit<Persona, 'id' | 'createdAt' | 'updatedAt'>;

const KEY = /^[a-z0-9][a-z0-9_-]{0,59}$/;
const LISTS = ['titles', 'pains', 'goals', 'objections', 'channels'] as const;

function text(value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  const t = value.trim();
  return t === '' ? null : t;
}

/** Checks and normalises the fields present; every broken rule names its path. */
export function normalizePersonaFields(input: Partial<PersonaFields>): {
  value: Partial<PersonaFields>;
  issues: FieldIssue[];
} {
  const issues: FieldIssue[] = [];
  const value: Partial<PersonaFields> = {};
  if (input.key !== undefined) {
    value.key = input.key.trim().toLowerCase();
    if (!KEY.test(value.key))
      issues.push({
        path: '/key',
        message: 'must be 1-60 lower-case letters, digits, - or _, starting with a letter or digit',
      });
  }
  if (input.name !== undefined) {
    value.name = input.name.trim();
    if (value.name === '') issues.push({ path: '/name', message: 'must not be empty' });
  }
  for (const key of ['role', 'segment'] as const)
    if (input[key] !== undefined) value[key] = text(input[key]) ?? null;
  if (input.buyingRole !== undefined) {
    value.buyingRole = input.buyingRole;
    if (input.buyingRole !== null && !(BUYING_ROLES as readonly string[]).includes(input.buyingRole))
      issues.push({ path: '/buyingRole', message: `must be one of ${BUYING_ROLES.join(', ')}` });
  }
  for (const key of LISTS) {
    const list = input[key];
    if (list === undefined) continue;
    const cleaned = list.map((item) => item.trim());
    cleaned.forEach((item, i) => {
      if (item === '') issues.push({ path: `/${key}/${i}`, message: 'must not be empty' });
    });
    value[key] = cleaned;
  }
  return { value, issues };
}

// ---- the buying-process map

/** Seed 004, "Define the Buying Process": the seven stages, in order. */
export const BUYING_STAGES = [
  'acquisition',
  'nurture',
  'qualification',
  'hand-off',
  'acceptance',
  'selling',
  'service',
] as const;
export type BuyingStage = (typeof BUYING_STAGES)[number];

export const OWNER_TEAMS = ['marketing', 'sales', 'both'] as const;
export type OwnerTeam = (typeof OWNER_TEAMS)[number];

export interface AlignmentPoint {
  text: string;
  owner: OwnerTeam;
  /** The metric that measures it: a shared-metric id of the reports where one exists. */
  metric: string | null;
}

export interface BuyingProcessStage {
  stage: BuyingStage;
  /** Who runs the stage's programs (seed 004's description of the stage). */
  description: string;
  points: AlignmentPoint[];
}

const point = (text: string, owner: OwnerTeam, metric: string | null): AlignmentPoint => ({
  text,
  owner,
  metric,
});

/**
 * Seed 004, "Typical Marketing/Sales Alignment Points", point by point. Owners follow who
 * runs the stage in the seed ("Marketing-run", "joint Marketing/Sales", "Sales programs",
 * service "run by many company departments"). Metrics are the shared-metric ids of
 * src/reports where one measures the point (speed_to_lead, mql_to_sql_acceptance, ...),
 * otherwise the measures seed 004 names ("percentage of new leads with complete data",
 * "sales use of marketing-developed collateral", "prospect unsubscribe rates").
 */
export const DEFAULT_BUYING_PROCESS: readonly BuyingProcessStage[] = [
  {
    stage: 'acquisition',
    description:
      'Marketing-run programs to attract prospective new customers, inform them about the product, and gather contact information.',
    points: [
      point('define attributes of target customers', 'both', 'lead_to_customer'),
      point('agree on target quantities for new leads by time period', 'both', 'mqls'),
      point('define hot leads and agree on processes to send directly to sales', 'both', 'speed_to_lead'),
    ],
  },
  {
    stage: 'nurture',
    description: 'Marketing-run programs to communicate with known prospects.',
    points: [
      point(
        'agree whether to telephone new prospects, and what data to gather',
        'marketing',
        'lead_data_completeness',
      ),
      point(
        'define sub-stages with behaviors and attributes that define sub-stage members',
        'marketing',
        'mqls',
      ),
      point(
        'agree on information that prospects should receive at each sub-stage',
        'marketing',
        'unsubscribe_rate',
      ),
    ],
  },
  {
    stage: 'qualification',
    description: 'Marketing programs that identify prospects who are ready for sales contact.',
    points: [
      point('define attributes of a sales-ready lead', 'both', 'mql_to_sql_acceptance'),
      point('agree on lead-scoring rules', 'both', 'mql_to_sql_acceptance'),
    ],
  },
  {
    stage: 'hand-off',
    description:
      'Joint Marketing/Sales programs that send information about qualified prospects to the sales department.',
    points: [
      point('agree on process to transfer new leads to sales', 'both', 'speed_to_lead'),
      point('agree on data to provide with new lead to sales', 'both', 'lead_data_completeness'),
      point(
        'define methods to link new leads with existing accounts, for attribution reports',
        'both',
        'marketing_sourced_pipeline',
      ),
    ],
  },
  {
    stage: 'acceptance',
    description:
      'Sales programs that initiate the sales relationship with a new lead, send it back to nurture, or disqualify it permanently.',
    points: [
      point(
        'agree on how quickly sales will contact new lead, how many contact attempts',
        'sales',
        'speed_to_lead',
      ),
      point(
        'define process for returning rejected leads to nurture or removing from system',
        'sales',
        'mql_to_sql_acceptance',
      ),
    ],
  },
  {
    stage: 'selling',
    description: 'Sales programs that move the lead from initial sales contact through the closed deal.',
    points: [
      // The seed lists this point under acceptance and again under selling; kept as written.
      point(
        'define process for returning rejected leads to nurture or removing from system',
        'sales',
        'sql_to_opportunity',
      ),
      point('agree on data to be provided with closed leads', 'sales', 'marketing_influenced_revenue'),
      point(
        'define rules for alerts to sales based on lead behaviors in marketing systems',
        'both',
        'sales_cycle',
      ),
      point(
        'define rules to drive messages in marketing systems based on lead status in sales',
        'both',
        'marketing_influenced_revenue',
      ),
      point(
        'agree on process to develop and distribute sales collateral and to track usage',
        'both',
        'collateral_usage',
      ),
    ],
  },
  {
    stage: 'service',
    description:
      'Operational programs to deliver a good customer experience and promote additional purchases.',
    points: [
      point(
        'define sales/service alert rules based on customer behaviors in marketing systems',
        'both',
        'total_revenue',
      ),
      point(
        'define process to deliver marketing messages during operational interactions',
        'both',
        'unsubscribe_rate',
      ),
      point('define process to integrate loyalty programs with operations', 'both', 'total_revenue'),
    ],
  },
];

/**
 * A map replacing the stored one must name the seven stages once each, in the seed's order,
 * with non-empty point texts; each broken rule names its path.
 */
export function checkBuyingProcess(stages: readonly BuyingProcessStage[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const names = stages.map((s) => s.stage);
  if (names.join(',') !== BUYING_STAGES.join(','))
    issues.push({
      path: '/stages',
      message: `must list the seven stages once each, in order: ${BUYING_STAGES.join(', ')}`,
    });
  stages.forEach((stage, i) => {
    stage.points.forEach((p, j) => {
      if (p.text.trim() === '')
        issues.push({ path: `/stages/${i}/points/${j}/text`, message: 'must not be empty' });
      if (!(OWNER_TEAMS as readonly string[]).includes(p.owner))
        issues.push({
          path: `/stages/${i}/points/${j}/owner`,
          message: `must be one of ${OWNER_TEAMS.join(', ')}`,
        });
    });
  });
  return issues;
}

/** Trims texts and turns empty metrics into null. */
export function normalizeBuyingProcess(stages: readonly BuyingProcessStage[]): BuyingProcessStage[] {
  return stages.map((s) => ({
    stage: s.stage,
    description: s.description.trim(),
    points: s.points.map((p) => ({ text: p.text.trim(), owner: p.owner, metric: text(p.metric) ?? null })),
  }));
}
