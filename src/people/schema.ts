import { Type } from 'typebox';
import { DateTime, Nullable, PageQuery, StringEnum } from '../core/index.js';
import { StageChangeSchema, StageSchema, STAGES } from '../lifecycle/index.js';

const Text = (max = 500) => Type.Optional(Nullable(Type.String({ maxLength: max })));

export const PersonSchema = Type.Object({
  id: Type.String(),
  email: Nullable(Type.String()),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  title: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  company: Nullable(Type.String()),
  accountId: Nullable(Type.String()),
  stage: StageSchema,
  stageEnteredAt: DateTime,
  ownerUserId: Nullable(Type.String()),
  leadSource: Nullable(Type.String()),
  country: Nullable(Type.String()),
  industry: Nullable(Type.String()),
  employees: Nullable(Type.Integer()),
  unsubscribed: Type.Boolean(),
  externalId: Nullable(Type.String()),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const personFields = {
  firstName: Text(200),
  lastName: Text(200),
  title: Text(300),
  phone: Text(50),
  company: Text(300),
  accountId: Text(100),
  ownerUserId: Text(100),
  leadSource: Text(200),
  country: Text(100),
  industry: Text(200),
  employees: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  externalId: Text(200),
  unsubscribed: Type.Optional(Type.Boolean()),
  attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
};

export const UpsertPersonBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320 }),
    website: Text(300),
    stage: Type.Optional(StringEnum(STAGES.filter((s) => s !== 'visitor'))),
    ...personFields,
  },
  { additionalProperties: false },
);

export const PatchPersonBody = Type.Object(
  { email: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })), ...personFields },
  { additionalProperties: false, minProperties: 1 },
);

export const PeopleQuery = Type.Object(
  {
    stage: Type.Optional(StageSchema),
    ownerUserId: Type.Optional(Type.String()),
    accountId: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'matches email, names and company' })),
    createdSince: Type.Optional(DateTime),
    createdUntil: Type.Optional(DateTime),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const PersonDetailSchema = Type.Object({
  person: PersonSchema,
  history: Type.Array(StageChangeSchema),
  timeInStage: Type.Array(
    Type.Object({
      stage: StageSchema,
      enteredAt: DateTime,
      exitedAt: Nullable(DateTime),
      durationMs: Type.Number(),
    }),
  ),
  timeline: Type.Array(
    Type.Object({
      kind: StringEnum(['touchpoint', 'activity'] as const),
      id: Type.String(),
      type: Type.String(),
      at: DateTime,
      detail: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});

export const AccountSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain: Nullable(Type.String()),
  employees: Nullable(Type.Integer()),
  industry: Nullable(Type.String()),
  country: Nullable(Type.String()),
  region: Nullable(Type.String()),
  annualRevenueCents: Nullable(Type.Integer()),
  ownerUserId: Nullable(Type.String()),
  isNamedAccount: Type.Boolean(),
  isCustomer: Type.Boolean(),
  isCompetitor: Type.Boolean(),
  isPartner: Type.Boolean(),
  externalId: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const accountFields = {
  domain: Text(253),
  employees: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  industry: Text(200),
  country: Text(100),
  region: Text(100),
  annualRevenueCents: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  ownerUserId: Text(100),
  isNamedAccount: Type.Optional(Type.Boolean()),
  isCustomer: Type.Optional(Type.Boolean()),
  isCompetitor: Type.Optional(Type.Boolean()),
  isPartner: Type.Optional(Type.Boolean()),
  externalId: Text(200),
};

export const CreateAccountBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 300 }), ...accountFields },
  { additionalProperties: false },
);

export const PatchAccountBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })), ...accountFields },
  { additionalProperties: false, minProperties: 1 },
);

export const AccountsQuery = Type.Object(
  {
    domain: Type.Optional(Type.String()),
    ownerUserId: Type.Optional(Type.String()),
    namedAccount: Type.Optional(Type.Boolean()),
    customer: Type.Optional(Type.Boolean()),
    industry: Type.Optional(Type.String()),
    country: Type.Optional(Type.String()),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
