import type { FieldIssue } from '../core/index.js';

/**
 * Seed 004, "Marketing and Sales Alignment Maturity Model": four levels across process,
 * staffing, systems and metrics, and the self-assessment against it. The cells are the
 * seed's bullets as written. The seed's text was extracted from a PDF table and lost words
 * in three places; they are kept as the seed has them, not guessed: staffing level 2 starts
 * mid-sentence ("expertise and previous alignment experience"), metrics level 2 likewise
 * ("outcomes, such as number of qualified leads"), metrics level 3 ends at "such as", and
 * staffing level 4 reads "alignment team tha". The seed names level 4 "Customer Alignment",
 * as level 3.
 */

export const MATURITY_DIMENSIONS = ['process', 'staffing', 'systems', 'metrics'] as const;
export type MaturityDimension = (typeof MATURITY_DIMENSIONS)[number];
export type MaturityLevel = 1 | 2 | 3 | 4;

export interface MaturityLevelDefinition {
  level: MaturityLevel;
  name: string;
  summary: string;
  cells: Record<MaturityDimension, string[]>;
}

export const MATURITY_MODEL: readonly MaturityLevelDefinition[] = [
  {
    level: 1,
    name: 'Ad Hoc Projects',
    summary: 'The company has none or a few alignment projects but no organized approach.',
    cells: {
      process: [
        'projects are selected based on immediate needs or management preference',
        'no long-term planning or formal assessment of project value',
        'marketing and sales plan their programs independently',
      ],
      staffing: [
        'staff is selected separately for each project, based on availability and expertise',
        'team leader is expert in project topic',
      ],
      systems: [
        'projects rely on existing systems with minimal change',
        'scope is limited to marketing automation and CRM systems',
      ],
      metrics: [
        'metrics focus on activities, such as compliance with agreed service levels',
        'metrics are delivered in reports that show current period information',
      ],
    },
  },
  {
    level: 2,
    name: 'Departmental Alignment',
    summary:
      'The company has multiple alignment projects that are designed to resolve conflicts between marketing and sales.',
    cells: {
      process: [
        'marketing and sales have a shared planning process for lead quantities, etc.',
        'alignment projects are selected based on expected value',
        'project decisions are based on data analysis',
      ],
      staffing: [
        'expertise and previous alignment experience',
        'analytical resources are available to help guide project decisions',
        'project is supervised by senior department manager',
      ],
      systems: [
        'technical resources are available for changes to support alignment',
        'scope is limited to marketing automation and CRM systems',
      ],
      metrics: [
        'outcomes, such as number of qualified leads',
        'metrics are delivered in a dashboard that shows goals, trends, exceptions, etc.',
      ],
    },
  },
  {
    level: 3,
    name: 'Customer Alignment',
    summary:
      'The company uses a model of the customer buying process to select alignment projects that will have the greatest positive impact.',
    cells: {
      process: [
        'marketing and sales have formal processes to build shared understanding of customers and each other',
        'marketing and sales have a shared model of the customer buying process',
        'alignment projects are selected based on analysis of buying process metrics',
        'alignment projects are built into departmental operating plans',
        'alignment decisions based on data analysis and tests',
      ],
      staffing: [
        'staff is formally assigned to an alignment team that oversees all projects',
        'project teams include subject experts, led by an alignment team member',
        'alignment project results are part of formal employee evaluations',
        'senior managers regularly review alignment projects and results',
      ],
      systems: [
        'alignment projects may include acquisition of new systems',
        'project scope may include Web site, call center, and other systems',
      ],
      metrics: [
        'metrics focus on project value delivered, such as',
        'management reports include value and status of alignment projects',
      ],
    },
  },
  {
    level: 4,
    name: 'Customer Alignment',
    summary:
      'The company has processes to identify new alignment opportunities and to optimize existing alignment programs.',
    cells: {
      process: [
        'the company has a long term roadmap for future alignment projects',
        'the roadmap identifies new resource needed to support future projects',
        'alignment projects are selected based on expected value impact',
      ],
      staffing: [
        'staff is formally assigned to an alignment team tha oversees all projects',
        'project teams include subject experts, led by an alignment team member',
        'analysts are formally assigned to assess alignment projects and opportunities',
      ],
      systems: [
        'alignment capabilities considered in acquisition of all new systems',
        'analytical systems allow team members to analyze projects in depth',
      ],
      metrics: [
        'metrics include trends in alignment project value and efficiency over time',
        'metrics include estimated costs of misalignment (wasted time, etc.)',
        'management reports show trends in high-level alignment metrics (marketing spend per accepted lead, etc.)',
        'management reports include value and status of alignment projects',
      ],
    },
  },
];

export interface DimensionRating {
  level: MaturityLevel;
  note: string | null;
}

export type MaturityRatings = Record<MaturityDimension, DimensionRating>;

export interface MaturityGap {
  dimension: MaturityDimension;
  level: MaturityLevel;
  /** What the next level asks of this dimension: that level's cell of the model. */
  toReach: MaturityLevel;
  cell: string[];
}

export interface MaturityChange {
  dimension: MaturityDimension;
  from: MaturityLevel;
  to: MaturityLevel;
  /** to - from: positive moved up. */
  delta: number;
}

export function levelDefinition(level: MaturityLevel): MaturityLevelDefinition {
  return MATURITY_MODEL[level - 1]!;
}

/** The organisation is as mature as its least mature dimension. */
export function overallLevel(ratings: MaturityRatings): MaturityLevel {
  return Math.min(...MATURITY_DIMENSIONS.map((d) => ratings[d].level)) as MaturityLevel;
}

/**
 * What keeps the organisation from the next level (overall + 1): for each dimension below
 * it, that level's cell. None at level 4.
 */
export function maturityGaps(ratings: MaturityRatings): {
  nextLevel: MaturityLevel | null;
  gaps: MaturityGap[];
} {
  const overall = overallLevel(ratings);
  if (overall === 4) return { nextLevel: null, gaps: [] };
  const next = (overall + 1) as MaturityLevel;
  const gaps = MATURITY_DIMENSIONS.filter((d) => ratings[d].level < next).map((d) => ({
    dimension: d,
    level: ratings[d].level,
    toReach: next,
    cell: [...levelDefinition(next).cells[d]],
  }));
  return { nextLevel: next, gaps };
}

/** Each dimension's move since an earlier assessment. */
export function compareRatings(before: MaturityRatings, after: MaturityRatings): MaturityChange[] {
  return MATURITY_DIMENSIONS.map((d) => ({
    dimension: d,
    from: before[d].level,
    to: after[d].level,
    delta: after[d].level - before[d].level,
  }));
}

/** Every dimension rated 1-4; notes trimmed (empty -> null). */
export function checkRatings(
  input: Partial<Record<string, { level: number; note?: string | null | undefined }>>,
): {
  value: MaturityRatings | undefined;
  issues: FieldIssue[];
} {
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(input))
    if (!(MATURITY_DIMENSIONS as readonly string[]).includes(key))
      issues.push({
        path: `/dimensions/${key}`,
        message: `is not a dimension; use ${MATURITY_DIMENSIONS.join(', ')}`,
      });
  const value = {} as MaturityRatings;
  for (const d of MATURITY_DIMENSIONS) {
    const rating = input[d];
    if (rating === undefined) {
      issues.push({ path: `/dimensions/${d}`, message: 'is required: every dimension gets a level' });
      continue;
    }
    if (!Number.isInteger(rating.level) || rating.level < 1 || rating.level > 4)
      issues.push({
        path: `/dimensions/${d}/level`,
        message: `must be a level from 1 to 4, got ${rating.level}`,
      });
    const note = rating.note?.trim();
    value[d] = { level: rating.level as MaturityLevel, note: note ? note : null };
  }
  return { value: issues.length === 0 ? value : undefined, issues };
}
