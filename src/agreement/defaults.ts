import { DEFAULT_FUNNEL_POLICY, DQ_CODES } from '../lifecycle/index.js';
import { DEFAULT_TARGETS } from '../planning/index.js';
import { DEFAULT_FOLLOW_UP, DEFAULT_ROUTING } from '../routing/index.js';
import { DEFAULT_SCORING_MODEL } from '../scoring/index.js';
import { DEFAULT_SLA } from '../sla/index.js';
import type { AgreementDocument, DisqualificationCode, ReQueueRule } from './model.js';

/** Seed 001, Disqualification Reason Codes, in the seed's order (the lifecycle's table). */
const DISQUALIFICATION_CODES: DisqualificationCode[] = Object.entries(DQ_CODES).map(([code, row]) => ({
  code,
  reason: row.reason,
  marketingAction: row.marketingAction,
}));

/** Seed 001, Re-Queue Conditions, word for word. */
const RE_QUEUE_RULES: ReQueueRule[] = [
  {
    condition: 'Sales cannot reach after 6 attempts over 14 days',
    action: 'Return to marketing nurture; re-enter MQL queue if score rises again',
  },
  {
    condition: 'Lead is interested but timing is wrong (6+ months out)',
    action: 'Place in long-term nurture; set CRM reminder for re-engagement',
  },
  {
    condition: 'Lead is qualified but wrong persona',
    action: 'Route to correct sales team/segment',
  },
  {
    condition: 'Lead needs more education',
    action: 'Return to marketing with specific content recommendations from sales',
  },
];

/**
 * The shipped agreement: seed 001's tables exactly. It is installed as version 1 the first
 * time the agreement is read. To add a section, add its property to `AgreementDocument` and
 * its value here; versions stored before the section existed read with this value.
 */
export const DEFAULT_AGREEMENT: AgreementDocument = {
  name: 'Sales-Marketing Service Level Agreement',
  funnel: {
    tqlEnabled: DEFAULT_FUNNEL_POLICY.tqlEnabled,
    // Seed 001, Marketing SLA: "MQL-to-SQL acceptance rate > 60% of MQLs accepted by sales".
    mqlToSqlAcceptanceTarget: 0.6,
  },
  scoring: DEFAULT_SCORING_MODEL,
  routing: DEFAULT_ROUTING,
  followUp: DEFAULT_FOLLOW_UP,
  sla: DEFAULT_SLA,
  disqualificationCodes: DISQUALIFICATION_CODES,
  reQueueRules: RE_QUEUE_RULES,
  targets: DEFAULT_TARGETS,
};

/**
 * A stored document with every section of today's schema. A section added after a version
 * was signed reads as its default, which must reproduce how the product behaved before the
 * section existed: that is what the version's signers agreed to.
 */
export function withDefaultSections(stored: Record<string, unknown>): AgreementDocument {
  return { ...structuredClone(DEFAULT_AGREEMENT), ...stored } as AgreementDocument;
}
