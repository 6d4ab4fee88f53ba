import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import {
  CreateTeamBody,
  CreateUserBody,
  TeamPage,
  TeamQuery,
  TeamSchema,
  UpdateTeamBody,
  UpdateUserBody,
  UserPage,
  UserQuery,
  UserSchema,
} from './schema.js';
import {
  createTeam,
  createUser,
  deleteTeam,
  getTeam,
  getUser,
  listTeams,
  listUsers,
  updateTeam,
  updateUser,
} from './service.js';

const write = { permission: 'org:write' as const };

/** `/v1/users` and `/v1/teams`: the revenue organisation that leads are routed to. */
export const orgRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  const users = ['users'];
  const teams = ['teams'];

  app.get(
    '/v1/users',
    {
      schema: {
        summary: 'List users (reps and managers)',
        tags: users,
        querystring: UserQuery,
        response: responses({ 200: UserPage }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listUsers(ctx, filter, { limit, cursor });
    },
  );

  app.post(
    '/v1/users',
    {
      config: write,
      schema: {
        summary: 'Create a user',
        tags: users,
        body: CreateUserBody,
        response: responses({ 201: UserSchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(ctx, request.body, request.principal)),
  );

  app.get(
    '/v1/users/:id',
    {
      schema: {
        summary: 'Get a user',
        tags: users,
        params: IdParams,
        response: responses({ 200: UserSchema }),
      },
    },
    async (request) => getUser(ctx, request.params.id),
  );

  app.patch(
    '/v1/users/:id',
    {
      config: write,
      schema: {
        summary: 'Update a user; `active: false` deactivates (users are never deleted)',
        tags: users,
        params: IdParams,
        body: UpdateUserBody,
        response: responses({ 200: UserSchema }),
      },
    },
    async (request) => updateUser(ctx, request.params.id, request.body, request.principal),
  );

  app.get(
    '/v1/teams',
    {
      schema: {
        summary: 'List teams',
        tags: teams,
        querystring: TeamQuery,
        response: responses({ 200: TeamPage }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listTeams(ctx, filter, { limit, cursor });
    },
  );

  app.post(
    '/v1/teams',
    {
      config: write,
      schema: {
        summary: 'Create a team',
        tags: teams,
        body: CreateTeamBody,
        response: responses({ 201: TeamSchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await createTeam(ctx, request.body, request.principal)),
  );

  app.get(
    '/v1/teams/:id',
    {
      schema: {
        summary: 'Get a team',
        tags: teams,
        params: IdParams,
        response: responses({ 200: TeamSchema }),
      },
    },
    async (request) => getTeam(ctx, request.params.id),
  );

  app.patch(
    '/v1/teams/:id',
    {
      config: write,
      schema: {
        summary: 'Update a team',
        tags: teams,
        params: IdParams,
        body: UpdateTeamBody,
        response: responses({ 200: TeamSchema }),
      },
    },
    async (request) => updateTeam(ctx, request.params.id, request.body, request.principal),
  );

  app.delete(
    '/v1/teams/:id',
    {
      config: write,
      schema: {
        summary: 'Delete an empty team (409 while it has members)',
        tags: teams,
        params: IdParams,
        response: responses({ 200: TeamSchema }),
      },
    },
    async (request) => deleteTeam(ctx, request.params.id, request.principal),
  );
};
