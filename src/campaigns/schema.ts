import { Type } from 'typebox';
import { DateOnly, DateTime, Nullable, PageOf, PageQuery, StringEnum } from '../core/index.js';
import { CAMPAIGN_STATUSES, CHANNELS } from './model.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });

/** Money is integer cents with an ISO 4217 currency, never a float: `{ cents: 1250000, currency: 'USD' }`. */
export const MoneySchema = Type.Object(
  {
    cents: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'integer minor units' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. USD' }),
  },
  { additionalProperties: false },
);

export const CampaignSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  channel: StringEnum(CHANNELS),
  status: StringEnum(CAMPAIGN_STATUSES),
  cost: MoneySchema,
  startsOn: Nullable(DateOnly),
  endsOn: Nullable(DateOnly),
  ownerUserId: Nullable(Type.String()),
  externalId: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  channel: StringEnum(CHANNELS),
  status: Type.Optional(StringEnum(CAMPAIGN_STATUSES, { description: 'default planned' })),
  cost: Type.Optional(MoneySchema),
  startsOn: Type.Optional(Nullable(DateOnly)),
  endsOn: Type.Optional(Nullable(DateOnly)),
  ownerUserId: Type.Optional(Nullable(Id)),
  externalId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
};

export const CreateCampaignBody = Type.Object(fields, { additionalProperties: false });

export const UpdateCampaignBody = Type.Object(
  { ...fields, name: Type.Optional(fields.name), channel: Type.Optional(fields.channel) },
  { additionalProperties: false, description: 'absent fields are unchanged; null clears' },
);

export const CampaignQuery = Type.Object(
  {
    ...PageQuery,
    channel: Type.Optional(StringEnum(CHANNELS)),
    status: Type.Optional(StringEnum(CAMPAIGN_STATUSES)),
    ownerUserId: Type.Optional(Id),
    activeOn: Type.Optional(
      Type.String({ format: 'date', description: 'campaigns running on this day (YYYY-MM-DD)' }),
    ),
  },
  { additionalProperties: false },
);

export const CampaignPage = PageOf(CampaignSchema);
