import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../core/index.js';
import { DQ_CODES, STAGES } from './model.js';

export const StageSchema = StringEnum(STAGES);

export const StageChangeSchema = Type.Object({
  personId: Type.String(),
  from: Nullable(StageSchema),
  to: StageSchema,
  at: DateTime,
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  reasonCode: Nullable(Type.String()),
  agreementVersion: Type.Optional(Nullable(Type.Integer())),
});

export const TransitionBody = Type.Object(
  {
    to: StageSchema,
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    reasonCode: Type.Optional(StringEnum(Object.keys(DQ_CODES) as (keyof typeof DQ_CODES)[])),
  },
  { additionalProperties: false },
);

export const FunnelSchema = Type.Object({
  stages: Type.Array(Type.Object({ stage: StageSchema, label: Type.String() })),
  transitions: Type.Array(
    Type.Object({
      from: StageSchema,
      to: StageSchema,
      actors: Type.Array(Type.String()),
      requires: Type.Array(Type.String()),
      trigger: Type.String(),
    }),
  ),
  dqCodes: Type.Array(
    Type.Object({ code: Type.String(), reason: Type.String(), marketingAction: Type.String() }),
  ),
});

export const ConversionQuerySchema = Type.Object(
  { from: StageSchema, to: StageSchema, since: DateTime, until: DateTime },
  { additionalProperties: false },
);

export const ConversionSchema = Type.Object({
  from: StageSchema,
  to: StageSchema,
  entered: Type.Integer(),
  converted: Type.Integer(),
  rate: Nullable(Type.Number()),
  medianMs: Nullable(Type.Number()),
});
