import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { IdParams, PageOf, responses } from '../core/index.js';
import { changeAccount, createAccount, deleteAccount, findAccounts, showAccount } from './account-service.js';
import {
  AccountSchema,
  AccountsQuery,
  CreateAccountBody,
  PatchAccountBody,
  PatchPersonBody,
  PeopleQuery,
  PersonDetailSchema,
  PersonSchema,
  UpsertPersonBody,
} from './schema.js';
import { erasePerson, findPeople, personDetail, updatePerson, upsertPerson } from './service.js';

const date = (value: string | Date | undefined) => (value ? new Date(value) : undefined);

export const peopleRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  const tags = ['people'];
  app.get(
    '/v1/people',
    {
      schema: {
        summary: 'List people (a sales rep sees only their own)',
        tags,
        querystring: PeopleQuery,
        response: responses({ 200: PageOf(PersonSchema) }),
      },
    },
    async (request) => {
      const { limit, cursor, createdSince, createdUntil, ...filters } = request.query;
      return findPeople(
        ctx,
        { ...filters, createdSince: date(createdSince), createdUntil: date(createdUntil) },
        { limit, cursor },
        request.principal,
      );
    },
  );

  app.post(
    '/v1/people',
    {
      config: { permission: 'people:write' },
      schema: {
        summary: 'Create a person, or update the one with this email (201 created, 200 updated)',
        tags,
        body: UpsertPersonBody,
        response: responses({ 200: PersonSchema, 201: PersonSchema }),
      },
    },
    async (request, reply) => {
      const { person, created } = await upsertPerson(ctx, request.body, request.principal);
      return reply.status(created ? 201 : 200).send(person);
    },
  );

  app.get(
    '/v1/people/:id',
    {
      schema: {
        summary: 'A person with stage, owner, stage history and touchpoint timeline',
        tags,
        params: IdParams,
        response: responses({ 200: PersonDetailSchema }),
      },
    },
    async (request) => personDetail(ctx, request.params.id, request.principal),
  );

  app.patch(
    '/v1/people/:id',
    {
      config: { permission: 'people:write' },
      schema: {
        summary: "Change a person's fields (not the stage: see transitions)",
        tags,
        params: IdParams,
        body: PatchPersonBody,
        response: responses({ 200: PersonSchema }),
      },
    },
    async (request) => updatePerson(ctx, request.params.id, request.body, request.principal),
  );

  app.delete(
    '/v1/people/:id',
    {
      config: { permission: 'people:erase' },
      schema: {
        summary: "Erase a person's personal data (stage history, touchpoints and deals are kept, anonymised)",
        tags,
        params: IdParams,
        response: responses({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      await erasePerson(ctx, request.params.id, request.principal);
      return reply.status(204).send(null);
    },
  );

  const accountTags = ['accounts'];
  app.get(
    '/v1/accounts',
    {
      schema: {
        summary: 'List accounts',
        tags: accountTags,
        querystring: AccountsQuery,
        response: responses({ 200: PageOf(AccountSchema) }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return findAccounts(ctx, filters, { limit, cursor });
    },
  );

  app.post(
    '/v1/accounts',
    {
      config: { permission: 'people:write' },
      schema: {
        summary: 'Create an account',
        tags: accountTags,
        body: CreateAccountBody,
        response: responses({ 201: AccountSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAccount(ctx, request.body, request.principal)),
  );

  app.get(
    '/v1/accounts/:id',
    {
      schema: {
        summary: 'An account',
        tags: accountTags,
        params: IdParams,
        response: responses({ 200: AccountSchema }),
      },
    },
    async (request) => showAccount(ctx, request.params.id),
  );

  app.patch(
    '/v1/accounts/:id',
    {
      config: { permission: 'people:write' },
      schema: {
        summary: "Change an account's firmographics, owner or flags",
        tags: accountTags,
        params: IdParams,
        body: PatchAccountBody,
        response: responses({ 200: AccountSchema }),
      },
    },
    async (request) => changeAccount(ctx, request.params.id, request.body, request.principal),
  );

  app.delete(
    '/v1/accounts/:id',
    {
      config: { permission: 'people:write' },
      schema: {
        summary: 'Delete an account nothing refers to',
        tags: accountTags,
        params: IdParams,
        response: responses({ 200: AccountSchema }),
      },
    },
    async (request) => deleteAccount(ctx, request.params.id, request.principal),
  );
};
