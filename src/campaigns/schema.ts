import { Type } from 'typebox';
import { DateOnly, DateTime, MoneySchema, Nullable, PageOf, PageQuery, StringEnum } from '../core/index.js';
import { CAMPAIGN_STATUSES, CHANNELS } from './model.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });

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
  playId: Nullable(Type.String({ description: 'the sales play the campaign supports' })),
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
  playId: Type.Optional(
    Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'a sales play id' })),
  ),
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
