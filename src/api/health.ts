import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { StringEnum } from '../core/index.js';

const Health = Type.Object({
  status: StringEnum(['ok', 'unavailable'] as const),
  store: StringEnum(['pglite', 'postgres'] as const),
  time: Type.String({ format: 'date-time' }),
});

/** `GET /health` answers without a key: load balancers and the demo script poll it. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness and database reachability',
        tags: ['health'],
        security: [],
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const time = ctx.clock.now().toISOString();
      try {
        await sql`select 1`.execute(ctx.db);
        return { status: 'ok' as const, store: ctx.storeKind, time };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, store: ctx.storeKind, time });
      }
    },
  );
};
