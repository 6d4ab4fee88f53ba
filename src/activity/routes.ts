import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { responses } from '../core/index.js';
import { EventSchema, EventsBody, IngestResultSchema } from './schema.js';
import { ingestEvents } from './service.js';

export const activityRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.addSchema(EventSchema);
  app.post(
    '/v1/events',
    {
      config: { permission: 'events:write' },
      schema: {
        summary: 'Ingest a batch of touchpoint events (per-event result: stored, duplicate or rejected)',
        description:
          'Valid events are stored even when others in the batch are rejected. A 200 means every "stored" event is committed.',
        tags: ['events'],
        body: EventsBody,
        response: responses({ 200: IngestResultSchema }),
      },
    },
    async (request) => ingestEvents(ctx, request.body.events, request.principal),
  );
};
