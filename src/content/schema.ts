import { Type } from 'typebox';
import { DateOnly, DateTime, MoneySchema, Nullable, PageOf, PageQuery, StringEnum } from '../core/index.js';
import { STAGES } from '../lifecycle/index.js';
import { MESSAGE_KINDS } from './messaging.js';
import { ASSET_TYPES } from './model.js';
import { REQUEST_STATUSES, REQUEST_TYPE_IDS } from './requests.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Short = Type.String({ maxLength: 200 });
const Long = Type.String({ maxLength: 5000 });

// ---- assets

export const AssetSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  type: StringEnum(ASSET_TYPES),
  stage: Nullable(Type.String({ description: 'funnel stage it serves; null: any' })),
  persona: Nullable(Type.String({ description: 'persona it speaks to; null: any' })),
  industry: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  ownerUserId: Nullable(Type.String()),
  version: Type.Integer({ description: 'counts every change; 1 when created' }),
  location: Type.String({ description: 'where to find it: a URL or a place' }),
  summary: Nullable(Type.String()),
  reviewOn: Nullable(DateOnly),
  expiresOn: Nullable(DateOnly),
  campaignIds: Type.Array(Type.String(), { description: 'the campaigns it was made for' }),
  retiredAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const assetFields = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  type: StringEnum(ASSET_TYPES),
  location: Type.String({ minLength: 1, maxLength: 2000, description: 'a URL or where to find it' }),
  stage: Type.Optional(Nullable(StringEnum(STAGES))),
  persona: Type.Optional(Nullable(Short)),
  industry: Type.Optional(Nullable(Short)),
  channel: Type.Optional(Nullable(Short)),
  ownerUserId: Type.Optional(Nullable(Id)),
  summary: Type.Optional(Nullable(Long)),
  reviewOn: Type.Optional(Nullable(DateOnly)),
  expiresOn: Type.Optional(Nullable(DateOnly)),
  campaignIds: Type.Optional(
    Type.Array(Id, {
      maxItems: 50,
      description:
        'the campaigns it was made for (seed 001: new assets for each campaign); replaces the list',
    }),
  ),
};

export const CreateAssetBody = Type.Object(assetFields, { additionalProperties: false });
export const UpdateAssetBody = Type.Object(
  {
    ...assetFields,
    title: Type.Optional(assetFields.title),
    type: Type.Optional(assetFields.type),
    location: Type.Optional(assetFields.location),
    retired: Type.Optional(Type.Boolean({ description: 'true takes it out of use; false puts it back' })),
  },
  {
    additionalProperties: false,
    description: 'absent fields are unchanged; null clears; every change is a new version',
  },
);

export const AssetQuery = Type.Object(
  {
    ...PageQuery,
    type: Type.Optional(StringEnum(ASSET_TYPES)),
    stage: Type.Optional(StringEnum(STAGES)),
    persona: Type.Optional(Short),
    industry: Type.Optional(Short),
    ownerUserId: Type.Optional(Id),
    campaignId: Type.Optional(Id),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'words in the title, summary or location' })),
    retired: Type.Optional(Type.Boolean({ description: 'include retired assets' })),
  },
  { additionalProperties: false },
);
export const AssetPage = PageOf(AssetSchema);

export const RecommendedAssetSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  type: Type.String(),
  location: Type.String(),
  persona: Nullable(Type.String()),
  stage: Nullable(Type.String()),
});

export const UsageSchema = Type.Object({
  id: Type.String(),
  assetId: Type.String(),
  userId: Nullable(Type.String()),
  personId: Nullable(Type.String()),
  accountId: Nullable(Type.String()),
  opportunityId: Nullable(Type.String()),
  sentAt: DateTime,
  note: Nullable(Type.String()),
  createdAt: DateTime,
});
export const UsagePage = PageOf(UsageSchema);

export const LogUsageBody = Type.Object(
  {
    assetId: Id,
    personId: Type.Optional(Nullable(Id)),
    opportunityId: Type.Optional(Nullable(Id)),
    userId: Type.Optional(Nullable(Id)),
    sentAt: Type.Optional(Type.String({ format: 'date-time', description: 'default: now' })),
    note: Type.Optional(Nullable(Long)),
  },
  { additionalProperties: false },
);

export const UsageQuery = Type.Object(
  {
    ...PageQuery,
    assetId: Type.Optional(Id),
    personId: Type.Optional(Id),
    opportunityId: Type.Optional(Id),
    userId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const EffectivenessSchema = Type.Array(
  Type.Object({
    assetId: Type.String(),
    title: Type.String(),
    type: Type.String(),
    sends: Type.Integer(),
    lastSentAt: Nullable(DateTime),
    influencedOpportunities: Type.Integer({
      description: 'opportunities of accounts it was sent to (or named), sent before they closed',
    }),
    wonOpportunities: Type.Integer(),
    wonRevenue: Type.Array(MoneySchema, { description: 'one entry per currency' }),
  }),
);

export const StaleSchema = Type.Array(
  Type.Object({
    asset: AssetSchema,
    lastUsedAt: Nullable(DateTime),
    reasons: Type.Array(
      Type.Object({
        code: StringEnum(['expired', 'review_overdue', 'unused'] as const),
        since: Type.Optional(DateOnly),
        lastUsedAt: Type.Optional(Nullable(DateTime)),
      }),
    ),
  }),
);

// ---- messaging

const List = Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 100 });
const BodySchema = Type.Object(
  {
    statement: Type.Optional(Long),
    proofPoints: Type.Optional(List),
    differentiators: Type.Optional(List),
    text: Type.Optional(Type.String({ maxLength: 20000 })),
    dos: Type.Optional(List),
    donts: Type.Optional(List),
    points: Type.Optional(List),
    strengths: Type.Optional(List),
    weaknesses: Type.Optional(List),
    objections: Type.Optional(
      Type.Array(
        Type.Object(
          { objection: Type.String({ maxLength: 2000 }), answer: Type.String({ maxLength: 5000 }) },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    landmines: Type.Optional(List),
  },
  {
    additionalProperties: false,
    description:
      'value_proposition: statement, proofPoints; positioning: statement, differentiators; brand_guideline: text, dos, donts; talking_points: points; battlecard: strengths, weaknesses, objections, landmines',
  },
);

const scope = {
  persona: Type.Optional(Nullable(Short)),
  segment: Type.Optional(Nullable(Short)),
  stage: Type.Optional(Nullable(StringEnum(STAGES))),
  competitor: Type.Optional(Nullable(Short)),
};

export const MessageSchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(MESSAGE_KINDS),
  title: Type.String(),
  persona: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  stage: Nullable(Type.String()),
  competitor: Nullable(Type.String()),
  body: BodySchema,
  version: Type.Integer(),
  reviewedOn: Nullable(DateOnly),
  archivedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export const MessagePage = PageOf(MessageSchema);

export const MessageVersionSchema = Type.Object({
  itemId: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  persona: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  stage: Nullable(Type.String()),
  competitor: Nullable(Type.String()),
  body: BodySchema,
  reviewedOn: Nullable(DateOnly),
  author: Type.String(),
  createdAt: DateTime,
});

export const CreateMessageBody = Type.Object(
  {
    kind: StringEnum(MESSAGE_KINDS),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    body: BodySchema,
    ...scope,
  },
  { additionalProperties: false },
);
export const EditMessageBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    body: Type.Optional(BodySchema),
    ...scope,
  },
  { additionalProperties: false, description: 'a new version; absent fields keep their value, null clears' },
);
export const ArchiveBody = Type.Object({ archived: Type.Boolean() }, { additionalProperties: false });

export const MessageQuery = Type.Object(
  {
    ...PageQuery,
    kind: Type.Optional(StringEnum(MESSAGE_KINDS)),
    persona: Type.Optional(Short),
    segment: Type.Optional(Short),
    stage: Type.Optional(StringEnum(STAGES)),
    competitor: Type.Optional(Short),
    archived: Type.Optional(Type.Boolean({ description: 'include archived items' })),
  },
  { additionalProperties: false },
);
export const VersionParams = Type.Object({ id: Id, version: Type.Integer({ minimum: 1 }) });

// ---- content requests

export const RequestTypeSchema = Type.Array(
  Type.Object({
    type: Type.String(),
    requestType: Type.String(),
    turnaroundTarget: Type.String(),
    format: Type.String(),
    anchor: StringEnum(['requested', 'release', 'event'] as const),
    targetWeeks: Type.Integer(),
    dueWeeks: Type.Integer(),
  }),
);

export const RequestSchema = Type.Object({
  id: Type.String(),
  type: StringEnum(REQUEST_TYPE_IDS),
  title: Type.String(),
  details: Nullable(Type.String()),
  requesterUserId: Type.String(),
  ownerUserId: Nullable(Type.String()),
  status: StringEnum(REQUEST_STATUSES),
  persona: Nullable(Type.String()),
  competitor: Nullable(Type.String()),
  opportunityId: Nullable(Type.String()),
  anchorOn: Nullable(DateOnly),
  requestedAt: DateTime,
  targetAt: DateTime,
  dueAt: DateTime,
  assetId: Nullable(Type.String({ description: 'the content asset delivered' })),
  deliveredAt: Nullable(DateTime),
  declineReason: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export const RequestPage = PageOf(RequestSchema);

export const CreateRequestBody = Type.Object(
  {
    type: StringEnum(REQUEST_TYPE_IDS),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    details: Type.Optional(Nullable(Long)),
    anchorOn: Type.Optional(
      Nullable(
        Type.String({
          format: 'date',
          description: 'release day or event day, for the types counted from it',
        }),
      ),
    ),
    persona: Type.Optional(Nullable(Short)),
    competitor: Type.Optional(Nullable(Short)),
    opportunityId: Type.Optional(Nullable(Id)),
    ownerUserId: Type.Optional(Nullable(Id)),
    requesterUserId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export const UpdateRequestBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    details: Type.Optional(Nullable(Long)),
    ownerUserId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export const DeliverBody = Type.Object({ assetId: Id }, { additionalProperties: false });
export const DeclineBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

export const RequestQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(StringEnum(REQUEST_STATUSES)),
    type: Type.Optional(StringEnum(REQUEST_TYPE_IDS)),
    ownerUserId: Type.Optional(Id),
    requesterUserId: Type.Optional(Id),
    overdue: Type.Optional(Type.Boolean({ description: 'open or in progress and past due' })),
  },
  { additionalProperties: false },
);
