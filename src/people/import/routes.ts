import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../../app.js';
import { responses } from '../../core/index.js';
import { ImportPeopleBody, ImportPeopleQuery, ImportSummarySchema } from './schema.js';
import { importPeople } from './service.js';

export const importRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  // Registered inside this plugin, so only these routes take CSV; the body stays under the server's limit.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: ctx.config.bodyLimitBytes },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/v1/imports/people',
    {
      config: { permission: 'people:import' },
      schema: {
        summary: 'Import people from a CSV (Salesforce lead export, HubSpot contact export or generic)',
        description:
          'Rows are resolved by email in batches of 1,000, one transaction a batch. A bad row is reported with its line and skipped; the good rows are imported. `dryRun=true` rolls every batch back.',
        tags: ['people'],
        consumes: ['text/csv'],
        querystring: ImportPeopleQuery,
        body: ImportPeopleBody,
        response: responses({ 200: ImportSummarySchema }),
      },
    },
    async (request) =>
      importPeople(
        ctx,
        Readable.from([request.body]),
        { format: request.query.format ?? 'auto', dryRun: request.query.dryRun ?? false },
        request.principal,
      ),
  );
};
