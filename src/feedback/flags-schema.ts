import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../core/index.js';
import { FLAG_ANSWERS, FLAG_KINDS, FLAG_SEVERITIES, FLAG_STATUSES } from './flags-model.js';

export const RaiseFlagBody = Type.Object(
  {
    personId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the lead flagged' })),
    campaignId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'the campaign flagged (instead of a lead)' }),
    ),
    kind: StringEnum(FLAG_KINDS, { description: 'what is wrong with the lead(s)' }),
    severity: Type.Optional(StringEnum(FLAG_SEVERITIES, { description: 'default medium' })),
    comment: Type.Optional(
      Type.String({ maxLength: 5000, description: 'the specific issue; required for other' }),
    ),
  },
  { additionalProperties: false },
);

export const ResolveFlagBody = Type.Object(
  {
    response: Type.String({ minLength: 1, maxLength: 5000, description: 'what marketing did about it' }),
    status: Type.Optional(StringEnum(FLAG_ANSWERS, { description: 'default resolved' })),
  },
  { additionalProperties: false },
);

export const FlagQuery = Type.Object(
  {
    campaignId: Type.Optional(Type.String({ maxLength: 100 })),
    personId: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(StringEnum(FLAG_STATUSES)),
    from: Type.Optional(Type.String({ description: 'raised at or after (YYYY-MM-DD or an instant)' })),
    to: Type.Optional(Type.String({ description: 'raised before (YYYY-MM-DD: before that day ends)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const QualityFlagSchema = Type.Object({
  id: Type.String(),
  personId: Nullable(Type.String()),
  campaignId: Nullable(Type.String()),
  campaignVia: StringEnum(['campaign', 'first_touch', 'latest_campaign', 'none'] as const, {
    description: 'how the campaign was found: named, the first touch, the latest campaign touch',
  }),
  kind: StringEnum(FLAG_KINDS),
  severity: StringEnum(FLAG_SEVERITIES),
  comment: Nullable(Type.String()),
  status: StringEnum(FLAG_STATUSES),
  recipientUserId: Nullable(Type.String({ description: 'the campaign owner the flag reaches' })),
  raisedBy: Type.Object({
    type: Type.String(),
    id: Nullable(Type.String()),
    userId: Nullable(Type.String()),
  }),
  raisedAt: DateTime,
  response: Nullable(Type.String()),
  respondedById: Nullable(Type.String()),
  respondedAt: Nullable(DateTime),
});

export const CampaignQualitySchema = Type.Object({
  campaignId: Type.String(),
  leads: Type.Integer({ description: 'people the campaign touched' }),
  flaggedLeads: Type.Integer(),
  flaggedShare: Nullable(Type.Number({ description: 'flaggedLeads / leads' })),
  flags: Type.Integer(),
  open: Type.Integer({ description: 'flags not resolved yet' }),
  byKind: Type.Array(Type.Object({ kind: StringEnum(FLAG_KINDS), count: Type.Integer() })),
});

/** The weekly pipeline review's "Lead quality flags" section. */
export const FlagDigestSchema = Type.Object(
  {
    count: Type.Integer({ description: 'flags raised in the week' }),
    open: Type.Integer({ description: 'of which not resolved' }),
    byKind: Type.Array(Type.Object({ kind: StringEnum(FLAG_KINDS), count: Type.Integer() })),
    flags: Type.Array(
      Type.Object({ ...QualityFlagSchema.properties, campaignName: Nullable(Type.String()) }),
      {
        description: 'the newest, with their campaign',
      },
    ),
  },
  { description: 'seed 001, pipeline review: "Lead quality flags: [Specific issues]"' },
);
