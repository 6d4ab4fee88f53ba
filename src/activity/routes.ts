import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { NotFoundError, responses } from '../core/index.js';
import { acceptEvents, eventStatus } from './inbox.js';
import { inboxBacklog } from './inbox-store.js';
import {
  EventSchema,
  EventStatusSchema,
  EventsBody,
  InboxBacklogSchema,
  IngestResultSchema,
} from './schema.js';
import { ingestEvents } from './service.js';

/** RFC 7240: `Prefer: respond-async` (possibly among other preferences). */
function prefersAsync(header: string | string[] | undefined): boolean {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  return values.some((value) => value.split(',').some((p) => p.trim().toLowerCase() === 'respond-async'));
}

export const activityRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.addSchema(EventSchema);
  app.post(
    '/v1/events',
    {
      config: { permission: 'events:write' },
      schema: {
        summary:
          'Ingest a batch of touchpoint events (per-event result: stored or accepted, duplicate, rejected)',
        description:
          'Valid events are kept even when others in the batch are rejected. By default the request stores, scores and routes the events before answering: a 200 means every "stored" event is committed, scored and routed. ' +
          'With `Prefer: respond-async` (RFC 7240) the events are appended to the inbox and the answer is a 202 as soon as they are committed ("accepted": nothing acknowledged is lost, even in a crash); ' +
          'the worker stores, scores and routes them within moments, and `GET /v1/events/{eventId}` tells each outcome. Use it for high volumes (bench/README.md).',
        tags: ['events'],
        body: EventsBody,
        response: responses({ 200: IngestResultSchema, 202: IngestResultSchema }),
      },
    },
    async (request, reply) => {
      if (!prefersAsync(request.headers.prefer))
        return ingestEvents(ctx, request.body.events, request.principal);
      const summary = await acceptEvents(ctx, request.body.events, request.principal);
      return reply.code(202).header('preference-applied', 'respond-async').send(summary);
    },
  );
  app.get(
    '/v1/events/:eventId',
    {
      config: { permission: 'events:write' },
      schema: {
        summary: 'Where an event stands: accepted (waiting), stored, duplicate, rejected or failed',
        tags: ['events'],
        params: Type.Object({ eventId: Type.String({ maxLength: 200 }) }),
        response: responses({ 200: EventStatusSchema }),
      },
    },
    async (request) => {
      const status = await eventStatus(ctx, request.params.eventId);
      if (!status) throw new NotFoundError('event', request.params.eventId);
      return status;
    },
  );
  app.get(
    '/v1/ingestion',
    {
      config: { permission: 'events:write' },
      schema: {
        summary: 'The asynchronous ingestion backlog: events waiting for the worker, and failed ones',
        tags: ['events'],
        response: responses({ 200: InboxBacklogSchema }),
      },
    },
    async () => inboxBacklog(ctx.db),
  );
};
