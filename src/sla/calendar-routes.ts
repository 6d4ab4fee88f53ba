import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import {
  CalendarPage,
  CalendarQuery,
  CalendarSchema,
  CreateCalendarBody,
  DueQuery,
  DueSchema,
  ElapsedQuery,
  ElapsedSchema,
  UpdateCalendarBody,
} from './calendar-schema.js';
import {
  calendarDue,
  calendarElapsed,
  createCalendar,
  deleteCalendar,
  getCalendar,
  listCalendars,
  updateCalendar,
} from './calendar-service.js';

const tags = ['calendars'];
/** Calendars decide when reps are measured: the same people who shape the org may change them. */
const write = { permission: 'org:write' as const };

/** `/v1/calendars`: business hours and holidays that SLA clocks count in. */
export const calendarRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/calendars',
    {
      schema: {
        summary: 'List business calendars',
        tags,
        querystring: CalendarQuery,
        response: responses({ 200: CalendarPage }),
      },
    },
    async (request) => listCalendars(ctx, request.query),
  );

  app.post(
    '/v1/calendars',
    {
      config: write,
      schema: {
        summary: 'Create a business calendar',
        tags,
        body: CreateCalendarBody,
        response: responses({ 201: CalendarSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCalendar(ctx, request.body, request.principal)),
  );

  app.get(
    '/v1/calendars/:id',
    {
      schema: {
        summary: 'Get a business calendar',
        tags,
        params: IdParams,
        response: responses({ 200: CalendarSchema }),
      },
    },
    async (request) => getCalendar(ctx, request.params.id),
  );

  app.patch(
    '/v1/calendars/:id',
    {
      config: write,
      schema: {
        summary: 'Update a business calendar',
        tags,
        params: IdParams,
        body: UpdateCalendarBody,
        response: responses({ 200: CalendarSchema }),
      },
    },
    async (request) => updateCalendar(ctx, request.params.id, request.body, request.principal),
  );

  app.delete(
    '/v1/calendars/:id',
    {
      config: write,
      schema: {
        summary: 'Delete a calendar no user or team works (409 while assigned)',
        tags,
        params: IdParams,
        response: responses({ 200: CalendarSchema }),
      },
    },
    async (request) => deleteCalendar(ctx, request.params.id, request.principal),
  );

  app.get(
    '/v1/calendars/:id/due',
    {
      schema: {
        summary: 'When `start` plus (or minus) business time falls due in this calendar',
        tags,
        params: IdParams,
        querystring: DueQuery,
        response: responses({ 200: DueSchema }),
      },
    },
    async (request) => calendarDue(ctx, request.params.id, request.query),
  );

  app.get(
    '/v1/calendars/:id/elapsed',
    {
      schema: {
        summary: 'Business time between two instants in this calendar',
        tags,
        params: IdParams,
        querystring: ElapsedQuery,
        response: responses({ 200: ElapsedSchema }),
      },
    },
    async (request) => calendarElapsed(ctx, request.params.id, request.query),
  );
};
