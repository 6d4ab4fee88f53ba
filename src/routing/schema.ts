import { type Static, Type } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../core/index.js';

const RuleCheckSchema = Type.Object({
  index: Type.Integer({ description: 'position in the agreement (-1: lead-to-account matching)' }),
  name: Type.String(),
  matched: Type.Boolean(),
  why: Type.String(),
});

export const RoutingDecisionSchema = Type.Object({
  id: Type.String(),
  decidedAt: DateTime,
  trigger: Type.String({ description: 'mql, lead, pass, reroute, manual, retry' }),
  agreementVersion: Nullable(Type.Integer()),
  outcome: StringEnum(['assigned', 'unassigned', 'kept'] as const),
  ruleName: Nullable(Type.String({ description: 'the rule that fired' })),
  step: Nullable(StringEnum(['qualification', 'final'] as const)),
  pool: Nullable(Type.String()),
  ownerUserId: Nullable(Type.String()),
  previousOwnerUserId: Nullable(Type.String()),
  reason: Type.String(),
  checks: Type.Array(RuleCheckSchema, { description: 'every rule, whether it matched and why (or why not)' }),
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
});

export const PersonRoutingSchema = Type.Object({
  personId: Type.String(),
  ownerUserId: Nullable(Type.String()),
  unassignedSince: Nullable(DateTime),
  decisions: Type.Array(RoutingDecisionSchema, { description: 'newest first' }),
});

export const RouteOutcomeSchema = Type.Object({
  personId: Type.String(),
  outcome: StringEnum(['assigned', 'unassigned', 'kept', 'skipped'] as const),
  ownerUserId: Nullable(Type.String()),
  rule: Nullable(Type.String()),
  step: Nullable(StringEnum(['qualification', 'final'] as const)),
  reason: Type.String(),
});

export const RoutingTestBody = Type.Object(
  {
    personId: Type.Optional(
      Type.String({ description: 'route an existing person as if anew (nothing is written)' }),
    ),
    person: Type.Optional(
      Type.Object(
        {
          title: Type.Optional(Type.String({ maxLength: 200 })),
          country: Type.Optional(Type.String({ maxLength: 100 })),
          employees: Type.Optional(Type.Integer({ minimum: 0 })),
          leadSource: Type.Optional(Type.String({ maxLength: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
    account: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          employees: Type.Optional(Type.Integer({ minimum: 0 })),
          country: Type.Optional(Type.String({ maxLength: 100 })),
          region: Type.Optional(Type.String({ maxLength: 100 })),
          ownerUserId: Type.Optional(Type.String()),
          namedAccount: Type.Optional(Type.Boolean()),
          customer: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** A lead described in a file or a request: what routing reads, nothing more. */
export type HypotheticalLead = Static<typeof RoutingTestBody>;

export const DryRunSchema = Type.Object({
  outcome: RouteOutcomeSchema,
  checks: Type.Array(RuleCheckSchema),
  agreementVersion: Type.Integer(),
});

export const QueueItemSchema = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  email: Nullable(Type.String()),
  title: Nullable(Type.String()),
  company: Nullable(Type.String()),
  stage: Type.String(),
  ownerUserId: Nullable(Type.String()),
  score: Nullable(Type.Integer()),
  routedAt: Nullable(DateTime),
  firstTouchDueAt: Nullable(DateTime),
  overdue: Type.Boolean({ description: 'the first touch is past due' }),
  unassignedSince: Nullable(DateTime),
});

export const QueueQuery = Type.Object(
  {
    owner: Type.Optional(
      Type.String({
        description: "`me` (the key's user), a user id, or `unassigned`; a rep always gets their own",
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const ReassignBody = Type.Object(
  {
    ownerUserId: Type.Optional(Type.String({ description: 'omit to re-run the routing rules' })),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const HandoffSchema = Type.Object(
  {
    person: Type.Object({
      id: Type.String(),
      name: Type.String(),
      email: Nullable(Type.String()),
      title: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      company: Nullable(Type.String()),
      country: Nullable(Type.String()),
      leadSource: Nullable(Type.String()),
      stage: Type.String(),
      stageEnteredAt: DateTime,
    }),
    owner: Nullable(Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() })),
    score: Nullable(
      Type.Object({
        total: Type.Integer(),
        fit: Type.Integer(),
        engagement: Type.Integer(),
        decay: Type.Integer(),
        qualifies: Type.Boolean(),
        modelVersion: Type.Integer(),
        explanation: Type.Array(Type.String()),
        scoredAt: DateTime,
      }),
    ),
    timeline: Type.Array(
      Type.Object({
        at: DateTime,
        type: Type.String(),
        url: Nullable(Type.String()),
        contentId: Nullable(Type.String()),
        campaignId: Nullable(Type.String()),
      }),
    ),
    contentConsumed: Type.Array(
      Type.Object({ content: Type.String(), type: Type.String(), times: Type.Integer(), lastAt: DateTime }),
    ),
    firmographics: Nullable(
      Type.Object({
        accountId: Type.String(),
        name: Type.String(),
        domain: Nullable(Type.String()),
        employees: Nullable(Type.Integer()),
        industry: Nullable(Type.String()),
        country: Nullable(Type.String()),
        region: Nullable(Type.String()),
        annualRevenueCents: Nullable(Type.Integer()),
        namedAccount: Type.Boolean(),
        customer: Type.Boolean(),
        partner: Type.Boolean(),
      }),
    ),
    openOpportunities: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        stage: Type.String(),
        amountCents: Type.Integer(),
        currency: Type.String(),
        closeDate: Nullable(Type.String()),
        ownerUserId: Nullable(Type.String()),
      }),
    ),
    persona: Nullable(Type.String()),
    talkingPoints: Nullable(Type.Array(Type.String())),
    // Written out rather than imported: content/ loads routing/ through the agreement.
    recommendedContent: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        type: Type.String(),
        location: Type.String(),
        persona: Nullable(Type.String()),
        stage: Nullable(Type.String()),
      }),
      { description: 'library assets for the persona and stage, not expired, the most specific first' },
    ),
    routing: Nullable(
      Type.Object({
        rule: Nullable(Type.String()),
        step: Nullable(Type.String()),
        reason: Type.String(),
        decidedAt: DateTime,
      }),
    ),
    passNotes: Nullable(Type.String()),
    sla: Type.Object({ routedAt: Nullable(DateTime), firstTouchDueAt: Nullable(DateTime) }),
  },
  { description: 'everything the owner needs for the first call' },
);
