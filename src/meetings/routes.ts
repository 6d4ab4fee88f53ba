import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { ActionBody, IdParams, responses } from '../core/index.js';
import { render } from '../reports/index.js';
import { agendaBlocks } from './agenda-render.js';
import {
  ActionItemBody,
  ActionItemListSchema,
  ActionItemPatch,
  ActionItemSchema,
  ActionItemsQuery,
  AgendaQuery,
  AgendaSchema,
  CadenceEdit,
  CadenceSchema,
  CreatedMeetingSchema,
  CreateMeetingBody,
  MeetingDetailSchema,
  MeetingListSchema,
  MeetingSchema,
  MeetingsQuery,
  NotesBody,
} from './schema.js';
import {
  addActionItem,
  completeActionItem,
  createMeeting,
  getCadence,
  getMeeting,
  listActionItems,
  listMeetings,
  meetingAgenda,
  regenerateAgenda,
  setNotes,
  updateActionItem,
  updateCadence,
} from './service.js';

const tags = ['meetings'];
const write = { permission: 'meetings:write' as const };
/** An action (`POST .../complete`) may be sent without a body. */
async function absentBodyIsEmpty(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

const TYPES = { md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8' } as const;

/**
 * `/v1/meeting-cadence`, `/v1/meetings`, `/v1/action-items`: the seed's meeting cadence, each
 * meeting's generated agenda and notes, and action items tracked to done. Reading is open to
 * every role; an action item can be changed by its owner as well as by the cadence's managers.
 */
export const meetingRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/meeting-cadence',
    {
      schema: {
        summary: 'The meeting series of seed 001 (or as edited) with their next three meetings',
        tags,
        response: responses({ 200: CadenceSchema }),
      },
    },
    async () => getCadence(ctx),
  );

  app.patch(
    '/v1/meeting-cadence',
    {
      config: write,
      schema: {
        summary: "Edit the organisation's time zone or a series (attendees, duration, agenda, start time)",
        tags,
        body: CadenceEdit,
        response: responses({ 200: CadenceSchema }),
      },
    },
    async (request) => updateCadence(ctx, request.body, request.principal),
  );

  app.get(
    '/v1/meetings',
    {
      schema: {
        summary: 'Meetings held or planned, earliest first',
        tags,
        querystring: MeetingsQuery,
        response: responses({ 200: MeetingListSchema }),
      },
    },
    async (request) => ({ items: await listMeetings(ctx, request.query) }),
  );

  app.post(
    '/v1/meetings',
    {
      config: write,
      schema: {
        summary: 'Create a meeting of a series on a day, with its agenda generated from live data',
        tags,
        body: CreateMeetingBody,
        response: responses({ 201: CreatedMeetingSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createMeeting(ctx, request.body, request.principal)),
  );

  app.get(
    '/v1/meetings/:id',
    {
      schema: {
        summary: 'A meeting with its notes and action items',
        tags,
        params: IdParams,
        response: responses({ 200: MeetingDetailSchema }),
      },
    },
    async (request) => getMeeting(ctx, request.params.id),
  );

  app.get(
    '/v1/meetings/:id/agenda',
    {
      schema: {
        summary: 'The agenda as generated (JSON, Markdown or a standalone HTML page)',
        tags,
        params: IdParams,
        querystring: AgendaQuery,
        produces: ['application/json', 'text/markdown', 'text/html'],
        response: responses({
          200: Type.Union([AgendaSchema, Type.String({ description: 'Markdown or HTML' })]),
        }),
      },
    },
    async (request, reply) => {
      const agenda = await meetingAgenda(ctx, request.params.id);
      const format = request.query.format ?? 'json';
      if (format === 'json') return agenda;
      return reply.type(TYPES[format]).send(render(agendaBlocks(agenda), format, agenda.title));
    },
  );

  app.post(
    '/v1/meetings/:id/agenda',
    {
      config: write,
      schema: {
        summary: 'Generate the agenda again from the data as it is now',
        tags,
        params: IdParams,
        body: ActionBody,
        response: responses({ 200: AgendaSchema }),
      },
      preValidation: absentBodyIsEmpty,
    },
    async (request) => regenerateAgenda(ctx, request.params.id),
  );

  app.put(
    '/v1/meetings/:id/notes',
    {
      config: write,
      schema: {
        summary: 'Notes or minutes of the meeting (replaces them; null clears)',
        tags,
        params: IdParams,
        body: NotesBody,
        response: responses({ 200: MeetingSchema }),
      },
    },
    async (request) => setNotes(ctx, request.params.id, request.body.notes, request.principal),
  );

  app.post(
    '/v1/meetings/:id/action-items',
    {
      config: write,
      schema: {
        summary: 'Add an action item (owner user or team, due day) to the meeting',
        tags,
        params: IdParams,
        body: ActionItemBody,
        response: responses({ 201: ActionItemSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addActionItem(ctx, request.params.id, request.body)),
  );

  app.get(
    '/v1/action-items',
    {
      schema: {
        summary: 'Action items by due day, overdue ones flagged',
        tags,
        querystring: ActionItemsQuery,
        response: responses({ 200: ActionItemListSchema }),
      },
    },
    async (request) => ({ items: await listActionItems(ctx, request.query, request.principal) }),
  );

  app.patch(
    '/v1/action-items/:id',
    {
      schema: {
        summary: 'Change an action item (its owner, or a role that manages meetings)',
        tags,
        params: IdParams,
        body: ActionItemPatch,
        response: responses({ 200: ActionItemSchema }),
      },
    },
    async (request) => updateActionItem(ctx, request.params.id, request.body, request.principal),
  );

  app.post(
    '/v1/action-items/:id/complete',
    {
      schema: {
        summary: 'Mark an action item done (its owner, or a role that manages meetings)',
        tags,
        params: IdParams,
        body: ActionBody,
        response: responses({ 200: ActionItemSchema }),
      },
      preValidation: absentBodyIsEmpty,
    },
    async (request) => completeActionItem(ctx, request.params.id, request.principal),
  );
};
