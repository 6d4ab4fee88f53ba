import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../core/index.js';

export const RuleResultSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  kind: StringEnum(['fit', 'engagement'] as const),
  points: Type.Integer(),
  uncapped: Type.Optional(Type.Integer()),
  evidence: Type.Object({
    field: Type.Optional(Type.String()),
    value: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    eventIds: Type.Optional(Type.Array(Type.String())),
    count: Type.Optional(Type.Integer()),
    unit: Type.Optional(Type.String()),
  }),
});

export const ScoreSchema = Type.Object({
  personId: Type.String(),
  modelVersion: Type.Integer({ description: 'the agreement version whose model computed the score' }),
  at: DateTime,
  fit: Type.Integer(),
  engagement: Type.Integer({ description: 'engagement rules plus decay' }),
  decay: Type.Integer(),
  total: Type.Integer(),
  threshold: Type.Integer(),
  qualifies: Type.Boolean(),
  lastEngagementAt: Nullable(DateTime),
  rules: Type.Array(RuleResultSchema),
  explanation: Type.Array(Type.String()),
  history: Type.Array(
    Type.Object({
      at: DateTime,
      modelVersion: Type.Integer(),
      fit: Type.Integer(),
      engagement: Type.Integer(),
      total: Type.Integer(),
      cause: Type.String(),
    }),
  ),
});

const Passes = Type.Object({
  sql: Type.Integer(),
  opportunity: Type.Integer(),
  customer: Type.Integer(),
  rejectedBySales: Type.Integer(),
});
const ModelReplaySchema = Type.Object({
  mqlsByWeek: Type.Array(Type.Object({ weekStarting: Type.String(), mqls: Type.Integer() })),
  totalMqls: Type.Integer(),
  passes: Passes,
});

export const ReplayBody = Type.Object(
  {
    agreement: Type.Optional(Type.Unknown({ description: 'a full proposed agreement document' })),
    scoring: Type.Optional(
      Type.Unknown({ description: 'a proposed scoring model (the rest of the agreement as active)' }),
    ),
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'a stored (e.g. proposed) agreement version' }),
    ),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const ReplaySchema = Type.Object({
  currentVersion: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  people: Type.Integer(),
  outcomes: Passes,
  current: ModelReplaySchema,
  proposed: ModelReplaySchema,
});

export const CalibrationSchema = Type.Object({
  version: Type.Integer(),
  decided: Type.Integer(),
  acceptance: Nullable(Type.Number()),
  target: Type.Number(),
  threshold: Type.Integer(),
  bands: Type.Array(
    Type.Object({
      band: Type.String(),
      min: Type.Integer(),
      max: Nullable(Type.Integer()),
      mqls: Type.Integer(),
      accepted: Type.Integer(),
      acceptance: Nullable(Type.Number()),
      won: Type.Integer(),
    }),
  ),
  rules: Type.Array(
    Type.Object({
      rule: Type.String(),
      mqls: Type.Integer(),
      acceptance: Nullable(Type.Number()),
      lift: Nullable(Type.Number()),
    }),
  ),
  suggestion: Nullable(
    Type.Object({
      threshold: Type.Integer(),
      mqls: Type.Integer(),
      acceptance: Type.Number(),
      volumeChange: Type.Integer(),
    }),
  ),
});
