import { Type } from 'typebox';
import { DateOnly, DateTime, MoneySchema, Nullable, PageOf, PageQuery, StringEnum } from '../core/index.js';
import { OPEN_STAGES, OPPORTUNITY_STAGES, OUTCOMES } from './model.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Text = (maxLength: number) => Type.String({ maxLength });

export const OpportunitySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  accountId: Nullable(Type.String()),
  personId: Nullable(Type.String({ description: 'the primary contact' })),
  ownerUserId: Nullable(Type.String()),
  campaignId: Nullable(Type.String()),
  source: Nullable(Type.String()),
  stage: StringEnum(OPPORTUNITY_STAGES),
  amount: MoneySchema,
  closeDate: Nullable(DateOnly),
  nextStep: Nullable(Type.String()),
  outcome: Nullable(StringEnum(OUTCOMES)),
  closedAt: Nullable(DateTime),
  closeReason: Nullable(Type.String()),
  competitor: Nullable(Type.String()),
  winningFactor: Nullable(Type.String()),
  externalId: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const fields = {
  name: Type.String({ minLength: 1, maxLength: 300 }),
  accountId: Type.Optional(Nullable(Id)),
  personId: Type.Optional(Nullable(Id)),
  ownerUserId: Type.Optional(Nullable(Id)),
  campaignId: Type.Optional(Nullable(Id)),
  source: Type.Optional(Nullable(Text(100))),
  stage: Type.Optional(
    StringEnum(OPEN_STAGES, { description: 'an open stage; closing is POST /v1/opportunities/{id}/close' }),
  ),
  amount: Type.Optional(MoneySchema),
  closeDate: Type.Optional(Nullable(DateOnly)),
  nextStep: Type.Optional(Nullable(Text(2000))),
  externalId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
};

export const CreateOpportunityBody = Type.Object(fields, {
  additionalProperties: false,
  description: 'ownerUserId defaults to the calling rep; accountId to the primary contact’s account',
});

export const UpdateOpportunityBody = Type.Object(
  { ...fields, name: Type.Optional(fields.name) },
  { additionalProperties: false, description: 'absent fields are unchanged; null clears' },
);

export const CloseOpportunityBody = Type.Object(
  {
    outcome: StringEnum(OUTCOMES),
    reason: Type.Optional(Nullable(Text(2000))),
    competitor: Type.Optional(Nullable(Text(200))),
    winningFactor: Type.Optional(Nullable(Text(2000))),
    closedAt: Type.Optional(DateTime),
  },
  { additionalProperties: false, description: 'a lost opportunity needs a reason; closedAt defaults to now' },
);

export const OpportunityQuery = Type.Object(
  {
    ...PageQuery,
    ownerUserId: Type.Optional(Id),
    accountId: Type.Optional(Id),
    personId: Type.Optional(Id),
    campaignId: Type.Optional(Id),
    stage: Type.Optional(StringEnum(OPPORTUNITY_STAGES)),
    outcome: Type.Optional(StringEnum(OUTCOMES)),
    open: Type.Optional(Type.Boolean({ description: 'true: not closed yet; false: closed' })),
    closeDateFrom: Type.Optional(
      Type.String({ format: 'date', description: 'close date on or after (YYYY-MM-DD)' }),
    ),
    closeDateTo: Type.Optional(
      Type.String({ format: 'date', description: 'close date on or before (YYYY-MM-DD)' }),
    ),
  },
  { additionalProperties: false },
);

export const OpportunityPage = PageOf(OpportunitySchema);
