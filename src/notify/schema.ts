import { Type } from 'typebox';
import { DateTime, Nullable, PageOf, PageQuery, StringEnum } from '../core/index.js';
import { DELIVERY_STATUSES, WEBHOOK_FORMATS } from './model.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });

export const WebhookSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  format: StringEnum(WEBHOOK_FORMATS),
  active: Type.Boolean(),
  description: Type.String(),
  secretPrefix: Type.String({ description: 'the first characters of the signing secret, to recognise it' }),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const WebhookWithSecretSchema = Type.Object({
  webhook: WebhookSchema,
  secret: Type.String({
    description: 'the signing secret (HMAC-SHA256 key), shown on create and rotate only',
  }),
});

const fields = {
  url: Type.String({ minLength: 1, maxLength: 2000, description: 'http or https URL that receives POSTs' }),
  events: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    minItems: 1,
    maxItems: 50,
    description: 'event types (lead.routed), prefixes (lead.*) or * for all',
  }),
  format: Type.Optional(
    StringEnum(WEBHOOK_FORMATS, { description: 'json (default) or slack (an incoming-webhook payload)' }),
  ),
  active: Type.Optional(
    Type.Boolean({ description: 'default true; inactive ones keep their deliveries pending' }),
  ),
  description: Type.Optional(Type.String({ maxLength: 500 })),
};

export const CreateWebhookBody = Type.Object(fields, { additionalProperties: false });

export const UpdateWebhookBody = Type.Object(
  { ...fields, url: Type.Optional(fields.url), events: Type.Optional(fields.events) },
  { additionalProperties: false, description: 'absent fields are unchanged' },
);

export const WebhookPage = PageOf(WebhookSchema);
export const WebhookListQuery = Type.Object(PageQuery, { additionalProperties: false });

export const DeliverySchema = Type.Object({
  id: Type.String({ description: 'the idempotent delivery id, sent as Servio-Delivery on every attempt' }),
  outboxId: Type.String(),
  subscriptionId: Type.String(),
  type: Type.String(),
  status: StringEnum(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(DateTime),
  lastAttemptAt: Nullable(DateTime),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  deliveredAt: Nullable(DateTime),
  createdAt: DateTime,
});

export const DeliveryPage = PageOf(DeliverySchema);
export const DeliveryQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(StringEnum(DELIVERY_STATUSES)) },
  { additionalProperties: false },
);

export const OutboxEntrySchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  text: Type.String(),
  subject: Type.Object({ personId: Nullable(Type.String()), userId: Nullable(Type.String()) }),
  data: Type.Object({}, { additionalProperties: true }),
  createdAt: DateTime,
});

export const OutboxPage = PageOf(OutboxEntrySchema);
export const OutboxQuery = Type.Object(
  {
    ...PageQuery,
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    personId: Type.Optional(Id),
    userId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

/** Actions (rotate, test, retry) take no fields: an empty object, or no body at all. */
