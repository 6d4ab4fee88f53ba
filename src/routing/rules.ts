import { type Static, Type } from 'typebox';

/**
 * The routing section of the agreement as data: ordered rules (the first that matches picks
 * the owner), the territories that "by territory" reads, and the telequalification pool.
 * Seed 001, "Routing Rules"; the default is in `default-rules.ts`.
 */

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Word = Type.String({ minLength: 1, maxLength: 64 });

/** Who may receive leads: users matching every given criterion (active, available, weighted). */
export const Pool = Type.Object(
  {
    roles: Type.Optional(
      Type.Array(Word, { minItems: 1, description: "users' roles, e.g. ae, sdr, csm (any of)" }),
    ),
    teamFunctions: Type.Optional(
      Type.Array(Word, { minItems: 1, description: 'functions of their teams, e.g. partner, cs (any of)' }),
    ),
    segments: Type.Optional(
      Type.Array(Word, { minItems: 1, description: "users' segments, e.g. enterprise, mid_market (any of)" }),
    ),
    team: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'one team, by name' })),
    byTerritory: Type.Optional(
      Type.Boolean({ description: "only users whose territory is the lead's (from its country or region)" }),
    ),
  },
  { additionalProperties: false },
);

export const Condition = Type.Object(
  {
    namedAccount: Type.Optional(Type.Boolean({ description: 'the account is on the target list' })),
    existingCustomer: Type.Optional(Type.Boolean({ description: 'the account is a customer' })),
    partnerReferral: Type.Optional(
      Type.Boolean({ description: 'the lead source is one of `partnerLeadSources`' }),
    ),
    accountOwned: Type.Optional(Type.Boolean({ description: 'the account has an owner' })),
    employeesMin: Type.Optional(Type.Integer({ minimum: 0, description: 'inclusive' })),
    employeesMax: Type.Optional(Type.Integer({ minimum: 0, description: 'inclusive' })),
    countries: Type.Optional(
      Type.Array(Word, { minItems: 1, description: 'country names or codes (any of)' }),
    ),
    leadSources: Type.Optional(Type.Array(Word, { minItems: 1, description: 'case-insensitive (any of)' })),
  },
  { additionalProperties: false },
);

export const Assignment = Type.Union([
  Type.Object(
    { to: Type.Literal('account_owner', { description: "the account's owner" }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      to: Type.Literal('pool', { description: 'weighted round-robin over the pool' }),
      pool: Pool,
    },
    { additionalProperties: false },
  ),
]);

export const QUALIFY_FIRST = ['never', 'when_tql_enabled', 'always'] as const;
export type QualifyFirst = (typeof QUALIFY_FIRST)[number];

export const RoutingRule = Type.Object(
  {
    name: Name,
    when: Condition,
    assign: Assignment,
    qualifyFirst: Type.Unsafe<QualifyFirst>({
      type: 'string',
      enum: [...QUALIFY_FIRST],
      description:
        'whether the lead first goes to the telequalification pool (SDRs), who pass it on to this assignment',
    }),
    regardlessOfScore: Type.Optional(
      Type.Boolean({ description: 'route as soon as the person is a lead, not only at MQL' }),
    ),
  },
  { additionalProperties: false },
);

export const Territory = Type.Object(
  {
    name: Name,
    countries: Type.Array(Word, { description: 'country names or ISO codes, case-insensitive' }),
    regions: Type.Optional(Type.Array(Word, { description: "accounts' region values" })),
  },
  { additionalProperties: false },
);

export const RoutingSection = Type.Object(
  {
    rules: Type.Array(RoutingRule, { minItems: 1, maxItems: 100 }),
    leadToAccountMatching: Type.Boolean({
      description:
        'a lead of an account that already has an owner goes to that owner (before the size rules)',
    }),
    telequalification: Pool,
    partnerLeadSources: Type.Array(Word, { description: 'lead sources that mean "partner referral"' }),
    territories: Type.Array(Territory, { maxItems: 200 }),
  },
  { additionalProperties: false },
);

/** Seed 001, Sales SLA to Marketing: the follow-up cadence and the re-queue clock. */
export const FollowUpSection = Type.Object(
  {
    minTouches: Type.Integer({
      minimum: 1,
      maximum: 100,
      description: 'touches before a no-contact recycle',
    }),
    overDays: Type.Integer({ minimum: 1, maximum: 365, description: 'days the touches must span' }),
    firstTouchWithinHours: Type.Number({
      exclusiveMinimum: 0,
      maximum: 720,
      description:
        'speed-to-lead: first outreach after MQL notification (business hours once calendars exist)',
    }),
    longTermNurtureMonths: Type.Integer({
      minimum: 1,
      maximum: 60,
      description: 'default re-engagement reminder for "timing is wrong"',
    }),
  },
  { additionalProperties: false },
);

export type Pool = Static<typeof Pool>;
export type Condition = Static<typeof Condition>;
export type Assignment = Static<typeof Assignment>;
export type RoutingRule = Static<typeof RoutingRule>;
export type Territory = Static<typeof Territory>;
export type RoutingSection = Static<typeof RoutingSection>;
export type FollowUpSection = Static<typeof FollowUpSection>;
