import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { IdParams, responses } from '../core/index.js';
import { storyMarkdown } from './story-model.js';
import { DealStorySchema, StoryQuery } from './story-schema.js';
import { getDealStory } from './story-service.js';

const read = { permission: 'attribution:read' as const };

/** `GET /v1/opportunities/:id/story`: the closed-loop report of a closed deal (seed 001). */
export const storyRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/opportunities/:id/story',
    {
      config: read,
      schema: {
        summary: 'The closed-loop report of a closed deal (seed 001, Closed-Loop Reporting)',
        description:
          'Company, outcome, deal size, sales cycle, lead source (first touch), dated marketing and sales ' +
          'touchpoints, and the disqualification reason and competitor (lost) or winning factor (won). ' +
          'JSON, or Markdown with format=md or Accept: text/markdown. 409 while the deal is open.',
        tags: ['attribution'],
        params: IdParams,
        querystring: StoryQuery,
        produces: ['application/json', 'text/markdown'],
        response: {
          ...responses({}),
          200: {
            description: 'the story (JSON), or the Markdown report',
            content: {
              'application/json': { schema: DealStorySchema },
              'text/markdown': { schema: Type.String() },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const story = await getDealStory(ctx, request.params.id, { timeZone: request.query.timeZone });
      const accept = request.headers.accept ?? '';
      const markdown =
        request.query.format === 'md' ||
        (request.query.format === undefined &&
          accept.includes('text/markdown') &&
          !accept.includes('application/json'));
      if (!markdown) return story;
      return reply.type('text/markdown; charset=utf-8').send(storyMarkdown(story));
    },
  );
};
