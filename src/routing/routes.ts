import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import { dryRunRouting } from './dry-run.js';
import { leadQueue, personHandoff, personRouting, reassignLead } from './queries.js';
import {
  DryRunSchema,
  HandoffSchema,
  PersonRoutingSchema,
  QueueItemSchema,
  QueueQuery,
  ReassignBody,
  RouteOutcomeSchema,
  RoutingTestBody,
} from './schema.js';

const tags = ['routing'];

export const routingRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/people/:id/routing',
    {
      schema: {
        summary: 'Who owns the lead and why: every routing decision with each rule’s check',
        tags,
        params: IdParams,
        response: responses({ 200: PersonRoutingSchema }),
      },
    },
    async (request) => personRouting(ctx, request.params.id, request.principal),
  );

  app.get(
    '/v1/people/:id/handoff',
    {
      schema: {
        summary:
          'The hand-off package: score with explanation, timeline, content, firmographics, open deals, persona, SLA',
        tags,
        params: IdParams,
        response: responses({ 200: HandoffSchema }),
      },
    },
    async (request) => personHandoff(ctx, request.params.id, request.principal),
  );

  app.post(
    '/v1/routing/test',
    {
      config: { permission: 'leads:assign' },
      schema: {
        summary: 'Route a hypothetical (or existing) lead with the live rules and pools; nothing is written',
        tags,
        body: RoutingTestBody,
        response: responses({ 200: DryRunSchema }),
      },
    },
    async (request) => dryRunRouting(ctx, request.body),
  );

  app.get(
    '/v1/routing/unassigned',
    {
      schema: {
        summary: 'The watched queue: qualified leads no rule could place',
        tags,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: responses({ 200: Type.Object({ items: Type.Array(QueueItemSchema) }) }),
      },
    },
    async (request) => ({
      items: await leadQueue(ctx, request.principal, 'unassigned', request.query.limit ?? 100),
    }),
  );

  app.get(
    '/v1/queue',
    {
      schema: {
        summary: 'A lead queue, most urgent first (first-touch due), then by score',
        tags,
        querystring: QueueQuery,
        response: responses({ 200: Type.Object({ items: Type.Array(QueueItemSchema) }) }),
      },
    },
    async (request) => ({
      items: await leadQueue(ctx, request.principal, request.query.owner, request.query.limit ?? 100),
    }),
  );

  app.post(
    '/v1/people/:id/reassign',
    {
      config: { permission: 'leads:assign' },
      schema: {
        summary: 'Give the lead to a named user, or re-run the routing rules without its current owner',
        tags,
        params: IdParams,
        body: ReassignBody,
        response: responses({ 200: RouteOutcomeSchema }),
      },
    },
    async (request) => reassignLead(ctx, request.params.id, request.body, request.principal),
  );
};
