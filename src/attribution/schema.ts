import { Type } from 'typebox';
import { StringEnum } from '../core/index.js';
import { MODEL_CHOICES } from './attribute.js';
import { MODELS } from './model.js';

export const AttributionQuery = Type.Object(
  {
    model: Type.Optional(
      StringEnum(MODEL_CHOICES, { description: 'one model, every heuristic model, or all (default)' }),
    ),
    from: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'conversions from (YYYY-MM-DD or ISO time); default: 90 days before to',
      }),
    ),
    to: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'conversions before (YYYY-MM-DD or ISO time); default: now',
      }),
    ),
    by: Type.Optional(StringEnum(['channel', 'campaign'] as const, { description: 'default channel' })),
    conversion: Type.Optional(
      StringEnum(['mql', 'sql', 'opportunity', 'won'] as const, {
        description: 'the stage that counts as a conversion; default opportunity',
      }),
    ),
    level: Type.Optional(
      StringEnum(['person', 'account'] as const, {
        description: 'journeys of a person or of all contacts of an account; default person',
      }),
    ),
    lookbackDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 3650,
        description: 'touches at most this many days before the conversion',
      }),
    ),
    halfLifeDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3650, description: 'time decay half-life; default 7' }),
    ),
    order: Type.Optional(Type.Integer({ minimum: 1, maximum: 4, description: 'Markov order; default 1' })),
    weights: Type.Optional(
      Type.String({
        pattern: '^[0-9.]+(,[0-9.]+){4}$',
        description:
          'custom model: first touch, lead creation, opportunity creation, closed-won, rest; default 40,40,0,0,20 (U-shaped)',
      }),
    ),
  },
  { additionalProperties: false },
);

const CreditSchema = Type.Object({
  key: Type.String({ description: 'channel or campaign id' }),
  conversions: Type.Number(),
  value: Type.Number({ description: 'credited value in major units of the opportunity amounts' }),
  share: Type.Number({ description: 'share of the conversions, 0..1' }),
  standardError: Type.Optional(
    Type.Number({ description: 'sampled Shapley: standard error of conversions' }),
  ),
});

const ModelResultSchema = Type.Object({
  model: StringEnum(MODELS),
  credits: Type.Array(CreditSchema),
  conversions: Type.Number(),
  value: Type.Number(),
  removalEffects: Type.Optional(Type.Record(Type.String(), Type.Number())),
  method: Type.Optional(StringEnum(['exact', 'sampled'] as const)),
  samples: Type.Optional(Type.Integer()),
});

export const AttributionReportSchema = Type.Object({
  source: Type.Object({
    from: Type.String(),
    to: Type.String(),
    conversion: Type.String(),
    by: Type.String(),
    level: Type.String(),
    lookbackDays: Type.Union([Type.Integer(), Type.Null()]),
  }),
  conversions: Type.Number(),
  value: Type.Number(),
  nulls: Type.Number(),
  paths: Type.Integer({ description: 'journeys (paths) the models read' }),
  models: Type.Array(ModelResultSchema),
});
