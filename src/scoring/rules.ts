import { type Static, Type } from 'typebox';

/**
 * The scoring model as data: it lives in the agreement, both teams sign it, and it is
 * compiled once per version (`compile.ts`). Rules read person/account fields ("fit") or
 * count the person's touchpoints in time windows ("engagement").
 */

const Id = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'stable rule id (snake_case)' });

/** A condition on what is known about the person and their account. */
export const FieldCondition = Type.Object(
  {
    field: Type.Unsafe<'title' | 'employees' | 'industry' | 'country' | 'emailDomain' | 'leadSource'>({
      type: 'string',
      enum: ['title', 'employees', 'industry', 'country', 'emailDomain', 'leadSource'],
    }),
    /** Case-insensitive regular expressions; the condition holds when any matches. */
    matchesAny: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { minItems: 1 })),
    /** Case-insensitive exact values. */
    in: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { minItems: 1 })),
    /** Inclusive numeric range (employees). */
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

export type Flag = 'competitor' | 'free_mail' | 'student' | 'unsubscribed';

/** A fact about the person computed by the product (not a raw field). */
export const FlagCondition = Type.Object(
  {
    /** The condition holds when any of these flags is set. */
    flags: Type.Array(
      Type.Unsafe<Flag>({
        type: 'string',
        enum: ['competitor', 'free_mail', 'student', 'unsubscribed'],
        description:
          'competitor: the account is a known competitor; free_mail: a consumer mailbox; student: an academic domain or a student title; unsubscribed: opted out of email',
      }),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

/** A condition on the person's touchpoints. */
export const EventCondition = Type.Object(
  {
    events: Type.Array(Type.String({ maxLength: 64 }), {
      minItems: 1,
      description: 'touchpoint types that count',
    }),
    /** Only touchpoints whose `property` (e.g. `intent`) is one of `in`; touchpoints without the property are judged by their URL (`urlMatchesAny`). */
    where: Type.Optional(
      Type.Object(
        {
          property: Type.Optional(Type.String({ maxLength: 64 })),
          in: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { minItems: 1 })),
          urlMatchesAny: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { minItems: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** Count web sessions (page views separated by 30+ minutes of inactivity) instead of events. */
    sessions: Type.Optional(Type.Boolean()),
    /** The rule fires when at least this many are counted (default 1). */
    atLeast: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Only touchpoints within this many days before "now". */
    withinDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);

export const Condition = Type.Union([FieldCondition, FlagCondition, EventCondition]);

export const ScoringRule = Type.Object(
  {
    id: Id,
    label: Type.String({ minLength: 1, maxLength: 200, description: "the seed's Signal column, in words" }),
    kind: Type.Unsafe<'fit' | 'engagement'>({ type: 'string', enum: ['fit', 'engagement'] }),
    points: Type.Integer({ minimum: -1000, maximum: 1000 }),
    /** Every condition must hold. */
    when: Type.Array(Condition, { minItems: 1 }),
    /** `once`: the points once when the rule holds; `each`: per counted event (event rules only). */
    count: Type.Unsafe<'once' | 'each'>({ type: 'string', enum: ['once', 'each'], default: 'once' }),
    /** Upper bound of the points a rule may give (or lower bound for negative rules), in absolute value. */
    cap: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  },
  { additionalProperties: false },
);

export const Decay = Type.Object(
  {
    /** Engagement decays once the last engaging touchpoint is older than this. */
    afterDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    /** Points lost per full week beyond `afterDays` (negative). */
    pointsPerWeek: Type.Integer({ minimum: -1000, maximum: 0 }),
    /** Touchpoint types that count as engagement (reset the decay). */
    engagementEvents: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const ScoringModel = Type.Object(
  {
    /** Seed 001: MQL threshold 50 points. */
    threshold: Type.Integer({ minimum: 1, maximum: 10000 }),
    rules: Type.Array(ScoringRule, { minItems: 1, maxItems: 200 }),
    decay: Type.Optional(Decay),
  },
  { additionalProperties: false },
);

export type FieldCondition = Static<typeof FieldCondition>;
export type FlagCondition = Static<typeof FlagCondition>;
export type EventCondition = Static<typeof EventCondition>;
export type Condition = Static<typeof Condition>;
export type ScoringRule = Static<typeof ScoringRule>;
export type Decay = Static<typeof Decay>;
export type ScoringModel = Static<typeof ScoringModel>;
