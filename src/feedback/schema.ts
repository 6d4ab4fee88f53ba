import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../core/index.js';
import { StageChangeSchema } from '../lifecycle/index.js';
import { DISPOSITION_OUTCOMES, REQUEUE_KINDS } from './model.js';

export const DispositionBody = Type.Object(
  {
    outcome: StringEnum(DISPOSITION_OUTCOMES, {
      description:
        'accepted (-> SQL, or from telequalification: passed to the AE), disqualified (needs reasonCode), recycled (needs requeue)',
    }),
    reasonCode: Type.Optional(Type.String({ maxLength: 32, description: "one of the agreement's DQ codes" })),
    requeue: Type.Optional(StringEnum(REQUEUE_KINDS, { description: 'which re-queue rule applies' })),
    notes: Type.Optional(
      Type.String({ maxLength: 5000, description: 'for the next owner, or for marketing' }),
    ),
    remindAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'bad_timing: when to re-engage' }),
    ),
    contentRecommendations: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 500 }), {
        maxItems: 20,
        description: 'needs_education',
      }),
    ),
    routeTo: Type.Optional(
      Type.Object(
        {
          rule: Type.Optional(Type.String({ description: 'wrong_persona: the routing rule to use' })),
          userId: Type.Optional(Type.String({ description: 'wrong_persona: hand to this user' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const DispositionSchema = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  decidedAt: DateTime,
  outcome: StringEnum(['accepted', 'passed', 'disqualified', 'recycled', 'rerouted'] as const),
  reasonCode: Nullable(Type.String()),
  requeue: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  contentRecommendations: Nullable(Type.Array(Type.String())),
  fromStage: Type.String(),
  toStage: Type.String(),
  ownerUserId: Nullable(Type.String()),
  score: Nullable(Type.Integer()),
  agreementVersion: Nullable(Type.Integer()),
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
});

export const DispositionResultSchema = Type.Object({
  disposition: DispositionSchema,
  stageChanges: Type.Array(StageChangeSchema),
  routing: Nullable(
    Type.Object({
      personId: Type.String(),
      outcome: Type.String(),
      ownerUserId: Nullable(Type.String()),
      rule: Nullable(Type.String()),
      step: Nullable(Type.String()),
      reason: Type.String(),
    }),
  ),
  reminder: Nullable(Type.Object({ dueAt: DateTime, userId: Nullable(Type.String()) })),
  marketingAction: Nullable(Type.String({ description: "the DQ code's marketing action" })),
  marketingTask: Nullable(
    Type.Object(
      { taskId: Type.String(), created: Type.Boolean(), action: Type.String() },
      { description: 'the marketing task the disqualification opened, or joined (false: joined)' },
    ),
  ),
});

export const CadenceSchema = Type.Object({
  personId: Type.String(),
  since: DateTime,
  touches: Type.Integer(),
  required: Type.Integer(),
  overDays: Type.Integer(),
  firstTouchAt: Nullable(DateTime),
  lastTouchAt: Nullable(DateTime),
  spanDays: Type.Integer(),
  satisfied: Type.Boolean({ description: 'a no-contact recycle is allowed' }),
  remainingTouches: Type.Integer(),
  spanCompleteAt: Nullable(DateTime),
  speedToLead: Type.Object({
    mqlAt: DateTime,
    firstTouchAt: Nullable(DateTime),
    ms: Nullable(
      Type.Integer({ description: 'MQL to first sales touch (wall time until business calendars exist)' }),
    ),
    dueAt: Nullable(DateTime),
    met: Nullable(Type.Boolean({ description: 'null while the clock still runs' })),
  }),
});
