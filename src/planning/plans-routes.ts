import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import { assessMaturity, getMaturity, maturityHistory } from './maturity-service.js';
import { MATURITY_DIMENSIONS, MATURITY_MODEL } from './maturity-model.js';
import {
  createPersona,
  deletePersona,
  getBuyingProcess,
  getPersona,
  listPersonas,
  putBuyingProcess,
  updatePersona,
} from './personas-service.js';
import {
  createPlay,
  deletePlay,
  getPlan,
  getPlay,
  listPlays,
  planCalendar,
  putPlan,
  updatePlay,
} from './plans-service.js';
import {
  BuyingProcessBody,
  BuyingProcessSchema,
  CalendarSchema,
  CreatePersonaBody,
  CreatePlayBody,
  MaturityBody,
  MaturityHistorySchema,
  MaturityModelSchema,
  MaturitySchema,
  PersonaPage,
  PersonaQuery,
  PersonaSchema,
  PlanBody,
  PlanSchema,
  PlayPage,
  PlayQuery,
  PlaySchema,
  QuarterParams,
  UpdatePersonaBody,
  UpdatePlayBody,
} from './plans-schema.js';

const tags = ['planning'];
const write = { permission: 'planning:write' as const };

/** `/v1/personas`, `/v1/buying-process`, `/v1/plays`, `/v1/plans/:quarter`, `/v1/maturity`. */
export const jointPlanningRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  // ---- personas
  app.get(
    '/v1/personas',
    {
      schema: {
        summary: 'List buyer personas',
        tags,
        querystring: PersonaQuery,
        response: responses({ 200: PersonaPage }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listPersonas(ctx, filter, { limit, cursor });
    },
  );
  app.post(
    '/v1/personas',
    {
      config: write,
      schema: {
        summary: 'Create a buyer persona',
        tags,
        body: CreatePersonaBody,
        response: responses({ 201: PersonaSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPersona(ctx, request.body, request.principal)),
  );
  app.get(
    '/v1/personas/:id',
    {
      schema: {
        summary: 'Get a buyer persona',
        tags,
        params: IdParams,
        response: responses({ 200: PersonaSchema }),
      },
    },
    async (request) => getPersona(ctx, request.params.id),
  );
  app.patch(
    '/v1/personas/:id',
    {
      config: write,
      schema: {
        summary: 'Update a buyer persona',
        tags,
        params: IdParams,
        body: UpdatePersonaBody,
        response: responses({ 200: PersonaSchema }),
      },
    },
    async (request) => updatePersona(ctx, request.params.id, request.body, request.principal),
  );
  app.delete(
    '/v1/personas/:id',
    {
      config: write,
      schema: {
        summary: 'Delete a persona no sales play aims at (409 otherwise)',
        tags,
        params: IdParams,
        response: responses({ 200: PersonaSchema }),
      },
    },
    async (request) => deletePersona(ctx, request.params.id, request.principal),
  );

  // ---- the buying-process map
  app.get(
    '/v1/buying-process',
    {
      schema: {
        summary:
          "The buying-process map: seed 004's seven stages with their alignment points, owners and metrics",
        tags,
        response: responses({ 200: BuyingProcessSchema }),
      },
    },
    async () => getBuyingProcess(ctx),
  );
  app.put(
    '/v1/buying-process',
    {
      config: write,
      schema: {
        summary: 'Replace the buying-process map (the seven stages in order, each with its alignment points)',
        tags,
        body: BuyingProcessBody,
        response: responses({ 200: BuyingProcessSchema }),
      },
    },
    async (request) => putBuyingProcess(ctx, request.body.stages, request.principal),
  );

  // ---- sales plays
  app.get(
    '/v1/plays',
    {
      schema: {
        summary: 'List sales plays',
        tags,
        querystring: PlayQuery,
        response: responses({ 200: PlayPage }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listPlays(ctx, filter, { limit, cursor });
    },
  );
  app.post(
    '/v1/plays',
    {
      config: write,
      schema: {
        summary: 'Create a sales play',
        tags,
        body: CreatePlayBody,
        response: responses({ 201: PlaySchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await createPlay(ctx, request.body, request.principal)),
  );
  app.get(
    '/v1/plays/:id',
    {
      schema: {
        summary: 'Get a sales play',
        tags,
        params: IdParams,
        response: responses({ 200: PlaySchema }),
      },
    },
    async (request) => getPlay(ctx, request.params.id),
  );
  app.patch(
    '/v1/plays/:id',
    {
      config: write,
      schema: {
        summary: 'Update a sales play',
        tags,
        params: IdParams,
        body: UpdatePlayBody,
        response: responses({ 200: PlaySchema }),
      },
    },
    async (request) => updatePlay(ctx, request.params.id, request.body, request.principal),
  );
  app.delete(
    '/v1/plays/:id',
    {
      config: write,
      schema: {
        summary: 'Delete a sales play no campaign names (409 otherwise)',
        tags,
        params: IdParams,
        response: responses({ 200: PlaySchema }),
      },
    },
    async (request) => deletePlay(ctx, request.params.id, request.principal),
  );

  // ---- joint plans
  app.get(
    '/v1/plans/:quarter',
    {
      // Progress sums every owner's book, as the team-wide reports do: not for reps.
      config: { permission: 'reports:read' as const },
      schema: {
        summary:
          "A quarter's joint plan: targets from the agreement, goals per team, the campaign calendar and progress",
        tags,
        params: QuarterParams,
        response: responses({ 200: PlanSchema }),
      },
    },
    async (request) => getPlan(ctx, request.params.quarter),
  );
  app.put(
    '/v1/plans/:quarter',
    {
      config: write,
      schema: {
        summary: "Save a quarter's goals per team and notes",
        tags,
        params: QuarterParams,
        body: PlanBody,
        response: responses({ 200: PlanSchema }),
      },
    },
    async (request) => putPlan(ctx, request.params.quarter, request.body, request.principal),
  );
  app.get(
    '/v1/plans/:quarter/calendar',
    {
      schema: {
        summary: "The quarter's campaigns (dates overlapping it) grouped by the sales play they support",
        tags,
        params: QuarterParams,
        response: responses({ 200: CalendarSchema }),
      },
    },
    async (request) => planCalendar(ctx, request.params.quarter),
  );

  // ---- maturity
  app.get(
    '/v1/maturity',
    {
      schema: {
        summary: 'Maturity self-assessments, oldest quarter first',
        tags,
        response: responses({ 200: MaturityHistorySchema }),
      },
    },
    async () => ({ items: await maturityHistory(ctx) }),
  );
  app.get(
    '/v1/maturity/model',
    {
      schema: {
        summary: "Seed 004's maturity model: four levels across process, staffing, systems and metrics",
        tags,
        response: responses({ 200: MaturityModelSchema }),
      },
    },
    async () => ({
      dimensions: [...MATURITY_DIMENSIONS],
      levels: MATURITY_MODEL.map((l) => structuredClone(l)),
    }),
  );
  app.get(
    '/v1/maturity/:quarter',
    {
      schema: {
        summary:
          "A quarter's maturity self-assessment, its change since the previous one and the gaps to the next level",
        tags,
        params: QuarterParams,
        response: responses({ 200: MaturitySchema }),
      },
    },
    async (request) => getMaturity(ctx, request.params.quarter),
  );
  app.put(
    '/v1/maturity/:quarter',
    {
      config: write,
      schema: {
        summary: "Record a quarter's maturity self-assessment (a level 1-4 and a note per dimension)",
        tags,
        params: QuarterParams,
        body: MaturityBody,
        response: responses({ 200: MaturitySchema }),
      },
    },
    async (request) => assessMaturity(ctx, request.params.quarter, request.body, request.principal),
  );
};
