import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../core/index.js';
import { KNOWN_EVENT_TYPES, MAX_BATCH } from './model.js';

/** Documents one event; each event is validated on its own so one bad event does not fail the batch. */
export const EventSchema = Type.Object(
  {
    eventId: Type.String({
      maxLength: 200,
      description: 'unique per event; a repeated id is accepted and not stored twice',
    }),
    type: Type.String({ description: `one of ${KNOWN_EVENT_TYPES.join(', ')}, or a custom snake_case type` }),
    occurredAt: Type.Optional(DateTime),
    email: Type.Optional(Type.String({ description: 'identifies the person (created as a lead when new)' })),
    visitorId: Type.Optional(
      Type.String({ description: 'anonymous visitor id; joins the person when they identify' }),
    ),
    personId: Type.Optional(Type.String()),
    campaignId: Type.Optional(Type.String()),
    channel: Type.Optional(Type.String()),
    url: Type.Optional(Type.String()),
    contentId: Type.Optional(Type.String()),
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    person: Type.Optional(
      Type.Object({
        firstName: Type.Optional(Type.String()),
        lastName: Type.Optional(Type.String()),
        title: Type.Optional(Type.String()),
        phone: Type.Optional(Type.String()),
        company: Type.Optional(Type.String()),
        website: Type.Optional(Type.String()),
        country: Type.Optional(Type.String()),
        industry: Type.Optional(Type.String()),
        employees: Type.Optional(Type.Integer({ minimum: 0 })),
      }),
    ),
  },
  { $id: 'Event', additionalProperties: false },
);

export const EventsBody = Type.Object(
  {
    events: Type.Array(Type.Unknown({ description: 'an Event (components.schemas.Event)' }), {
      minItems: 1,
      maxItems: MAX_BATCH,
      description: `1 to ${MAX_BATCH} events, each an Event`,
    }),
  },
  { additionalProperties: false },
);

export const IngestResultSchema = Type.Object({
  accepted: Type.Integer({
    description: 'appended to the inbox (Prefer: respond-async); processed within moments',
  }),
  stored: Type.Integer({ description: 'stored, scored and routed in this request (synchronous ingestion)' }),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  results: Type.Array(
    Type.Object({
      eventId: Nullable(Type.String()),
      status: StringEnum(['accepted', 'stored', 'duplicate', 'rejected'] as const),
      errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
    }),
  ),
});

export const EventStatusSchema = Type.Object({
  eventId: Type.String(),
  status: StringEnum(['accepted', 'stored', 'duplicate', 'rejected', 'failed'] as const, {
    description:
      'accepted: waiting for the worker; stored: a touchpoint (scored and routed); duplicate: the id was stored before; rejected: see errors; failed: could not be processed after retries (see errors)',
  }),
  errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
  receivedAt: Nullable(DateTime),
  processedAt: Nullable(DateTime),
  personId: Nullable(Type.String()),
});

export const InboxBacklogSchema = Type.Object({
  waiting: Type.Integer({ description: 'accepted events not yet processed' }),
  oldestWaitingSince: Nullable(DateTime),
  failed: Type.Integer({ description: 'events set aside after repeated failures' }),
  recent: Type.Object(
    {
      windowSeconds: Type.Integer(),
      processed: Type.Integer({ description: 'events processed in the window' }),
      p50Ms: Nullable(Type.Integer({ description: 'received to processed, median' })),
      p95Ms: Nullable(Type.Integer()),
      p99Ms: Nullable(Type.Integer()),
      maxMs: Nullable(Type.Integer()),
    },
    { description: 'how long events waited from the 202 to their outcome over the last minutes' },
  ),
});
