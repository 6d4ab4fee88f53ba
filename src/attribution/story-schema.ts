import { Type } from 'typebox';
import { DateTime, MoneySchema, Nullable, StringEnum } from '../core/index.js';

const StoryTouch = Type.Object({
  at: DateTime,
  date: Type.String({ description: 'YYYY-MM-DD in the time zone asked for' }),
  description: Type.String(),
  channel: Nullable(Type.String()),
  campaignId: Nullable(Type.String()),
});

export const StoryQuery = Type.Object(
  {
    format: Type.Optional(
      StringEnum(['json', 'md'] as const, {
        description: 'md: the Markdown report (or Accept: text/markdown)',
      }),
    ),
    timeZone: Type.Optional(
      Type.String({ maxLength: 64, description: 'IANA time zone of the dates; default UTC' }),
    ),
  },
  { additionalProperties: false },
);

export const DealStorySchema = Type.Object({
  opportunityId: Type.String(),
  name: Type.String(),
  company: Type.String(),
  outcome: StringEnum(['won', 'lost'] as const),
  dealSize: MoneySchema,
  salesCycleDays: Type.Integer(),
  cycleStart: StringEnum(['sql', 'opportunity_created'] as const, {
    description: "the cycle runs from the primary contact's first SQL, else from the opportunity's creation",
  }),
  closedOn: Type.String(),
  leadSource: Type.Object({
    sourcedBy: StringEnum(['marketing', 'sales'] as const),
    decidedBy: StringEnum(['first_touch', 'source', 'default'] as const),
    description: Type.String(),
    date: Nullable(Type.String()),
    channel: Nullable(Type.String()),
    campaignId: Nullable(Type.String()),
  }),
  marketingTouchpoints: Type.Array(StoryTouch),
  salesTouchpoints: Type.Array(StoryTouch),
  disqualificationReason: Nullable(
    Type.Object({
      code: Nullable(Type.String()),
      reason: Nullable(Type.String()),
      notes: Nullable(Type.String()),
    }),
  ),
  competitor: Nullable(Type.String()),
  winningFactor: Nullable(Type.String()),
  timeZone: Type.String(),
});
