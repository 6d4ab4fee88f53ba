import { type Static, Type } from 'typebox';
import type { Principal, Role } from '../access/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../core/index.js';
import { TargetsSection } from '../planning/index.js';
import { FollowUpSection, RoutingSection } from '../routing/index.js';
import { ScoringModel } from '../scoring/index.js';
import { SlaSection } from '../sla/index.js';

/**
 * The agreement between Marketing and Sales as one versioned document (DESIGN.md, "The
 * agreement as code"). A section is one property here and one value in `defaults.ts`;
 * later issues add routing, SLAs and targets the same way.
 */

const Text = (description: string, maxLength = 500) => Type.String({ minLength: 1, maxLength, description });

/** Seed 001, Funnel Stage Definitions and the Marketing SLA's acceptance target. */
export const FunnelSection = Type.Object(
  {
    tqlEnabled: Type.Boolean({ description: 'whether SDRs telequalify MQLs (MQL -> TQL -> SQL)' }),
    mqlToSqlAcceptanceTarget: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'share of MQLs sales should accept as SQLs (seed: 60%)',
    }),
  },
  { additionalProperties: false },
);

/** Seed 001, Disqualification Reason Codes: one row. */
export const DisqualificationCode = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$', description: 'e.g. DQ-01' }),
    reason: Text('why sales disqualified the lead'),
    marketingAction: Text('what marketing does about it'),
  },
  { additionalProperties: false },
);

/** Seed 001, Re-Queue Conditions: one row. */
export const ReQueueRule = Type.Object(
  {
    condition: Text('when a lead goes back'),
    action: Text('what happens to it'),
  },
  { additionalProperties: false },
);

export const AgreementDocument = Type.Object(
  {
    name: Text('the agreement title', 200),
    funnel: FunnelSection,
    scoring: ScoringModel,
    routing: RoutingSection,
    followUp: FollowUpSection,
    sla: SlaSection,
    disqualificationCodes: Type.Array(DisqualificationCode, { minItems: 1, maxItems: 100 }),
    reQueueRules: Type.Array(ReQueueRule, { maxItems: 100 }),
    targets: TargetsSection,
  },
  { additionalProperties: false },
);

export type FunnelSection = Static<typeof FunnelSection>;
export type DisqualificationCode = Static<typeof DisqualificationCode>;
export type ReQueueRule = Static<typeof ReQueueRule>;
export type AgreementDocument = Static<typeof AgreementDocument>;

// ---- versions and their approval

export const AGREEMENT_STATUSES = ['proposed', 'active', 'superseded', 'rejected'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const APPROVAL_SIDES = ['marketing', 'sales'] as const;
export type ApprovalSide = (typeof APPROVAL_SIDES)[number];

/** Who did something to a version: a key (id) or the CLI operator (name only). */
export interface Signer {
  id: string | null;
  name: string;
  at: Date;
}

export interface AgreementVersionSummary {
  version: number;
  status: AgreementStatus;
  summary: string;
  proposedBy: { type: string; id: string | null; name: string };
  proposedAt: Date;
  approvals: Record<ApprovalSide, Signer | null>;
  rejection: (Signer & { reason: string }) | null;
  effectiveAt: Date | null;
}

export interface AgreementVersion extends AgreementVersionSummary {
  document: AgreementDocument;
}

export interface ActiveAgreement {
  version: number;
  document: AgreementDocument;
  effectiveAt: Date;
}

/** Any of the agreement's parties may propose a new version; a sales rep may not. */
const PROPOSERS: readonly Role[] = ['admin', 'revops', 'marketing', 'sales_manager'];

export function mayPropose(role: Role): boolean {
  return PROPOSERS.includes(role);
}

/**
 * The side a principal signs for: a marketing key signs for marketing, a sales manager's
 * for sales; the agreement's owners (admin, revops) must say which side they sign for.
 */
export function approvalSide(role: Role, requested: ApprovalSide | undefined): ApprovalSide {
  const own: ApprovalSide | undefined =
    role === 'marketing' ? 'marketing' : role === 'sales_manager' ? 'sales' : undefined;
  if (own) {
    if (requested && requested !== own)
      throw new ForbiddenError(`The ${role} role approves the ${own} side only, not the ${requested} side`, {
        role,
        side: requested,
      });
    return own;
  }
  if (role !== 'admin' && role !== 'revops')
    throw new ForbiddenError(`The ${role} role may not approve an agreement`, { role });
  if (!requested)
    throw ValidationError.field('/side', `is required for the ${role} role (marketing or sales)`);
  return requested;
}

/** Either party, or the agreement's owners, may reject a proposal. */
export function mayReject(role: Role): boolean {
  return PROPOSERS.includes(role);
}

/** The same person (the same key, or the same name) may not sign both sides. */
export function sameSigner(a: { id: string | null; name: string }, b: { id: string | null; name: string }) {
  if (a.id !== null && a.id === b.id) return true;
  return a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
}

export interface ApprovalDecision {
  side: ApprovalSide;
  /** Both sides have now signed: the version takes effect. */
  activates: boolean;
}

/** Checks an approval against the version's state; the caller holds the version's lock. */
export function decideApproval(
  version: AgreementVersionSummary,
  side: ApprovalSide,
  signer: Pick<Principal, 'id' | 'name'>,
): ApprovalDecision {
  if (version.status !== 'proposed')
    throw new ConflictError(
      `Version ${version.version} is ${version.status}: only a proposed version can be approved`,
      'agreement_not_proposed',
      { version: version.version, versionStatus: version.status },
    );
  const mine = version.approvals[side];
  if (mine)
    throw new ConflictError(
      `The ${side} side of version ${version.version} was already approved by ${mine.name}`,
      'agreement_already_approved',
      { version: version.version, side },
    );
  const otherSide: ApprovalSide = side === 'marketing' ? 'sales' : 'marketing';
  const other = version.approvals[otherSide];
  if (other && sameSigner(other, signer))
    throw new ConflictError(
      `${signer.name} already approved the ${otherSide} side of version ${version.version}: the other side needs another approver`,
      'agreement_same_approver',
      { version: version.version, side },
    );
  return { side, activates: other !== null };
}

export function checkRejectable(version: AgreementVersionSummary): void {
  if (version.status !== 'proposed')
    throw new ConflictError(
      `Version ${version.version} is ${version.status}: only a proposed version can be rejected`,
      'agreement_not_proposed',
      { version: version.version, versionStatus: version.status },
    );
}
