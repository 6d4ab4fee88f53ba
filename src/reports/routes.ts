import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Ctx } from '../app.js';
import { responses } from '../core/index.js';
import {
  diagnosticsBlocks,
  funnelBlocks,
  metricsBlocks,
  monthlyBlocks,
  reviewBlocks,
  speedBlocks,
} from './documents.js';
import { monthlyReport } from './monthly-service.js';
import { type Block, CONTENT_TYPES, type ReportFormat, render } from './render.js';
import { diagnostics, pipelineReview } from './review-service.js';
import {
  DiagnosticsQuery,
  DiagnosticsSchema,
  FunnelQuery,
  FunnelSchema,
  MetricsSchema,
  MonthlySchema,
  MonthQuery,
  PipelineReviewSchema,
  RangeQuery,
  SpeedToLeadSchema,
  WeekQuery,
} from './schema.js';
import { funnelReport, metricsReport, speedToLeadReport } from './service.js';

const tags = ['reports'];
const config = { permission: 'reports:read' as const };
const produces = ['application/json', 'text/markdown', 'text/html', 'text/csv'];

/** `?format=` first, then the Accept header, then JSON. */
export function negotiate(format: ReportFormat | undefined, accept: string | undefined): ReportFormat {
  if (format) return format;
  const a = (accept ?? '').toLowerCase();
  if (a.includes('text/markdown')) return 'md';
  if (a.includes('text/html')) return 'html';
  if (a.includes('text/csv')) return 'csv';
  return 'json';
}

function send<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  format: ReportFormat | undefined,
  data: T,
  blocks: (data: T) => Block[],
  title: string,
): T | FastifyReply {
  const chosen = negotiate(format, request.headers.accept);
  if (chosen === 'json') return data;
  return reply.type(CONTENT_TYPES[chosen]).send(render(blocks(data), chosen, title));
}

const ok = <T extends Parameters<typeof responses>[0][number]>(schema: T) =>
  responses({ 200: Type.Union([schema, Type.String({ description: 'Markdown, HTML or CSV' })]) });

/**
 * `/v1/reports/*` and `/v1/diagnostics`. The revenue-attribution figures are not connected
 * here: the three rows and the section that need them say "not available".
 */
export const reportRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/v1/reports/metrics',
    {
      config,
      schema: {
        summary:
          "Seed 001's Primary Alignment Metrics (and cost per MQL/SQL, pipeline coverage) for a range beside the prior range",
        tags,
        querystring: RangeQuery,
        produces,
        response: ok(MetricsSchema),
      },
    },
    async (request, reply) =>
      send(
        request,
        reply,
        request.query.format,
        await metricsReport(ctx, request.query),
        metricsBlocks,
        'Shared metrics',
      ),
  );

  app.get(
    '/v1/reports/funnel',
    {
      config,
      schema: {
        summary:
          'Volume, conversion and median days per stage, period or cohort view, by segment, channel, campaign, team or owner',
        tags,
        querystring: FunnelQuery,
        produces,
        response: ok(FunnelSchema),
      },
    },
    async (request, reply) =>
      send(
        request,
        reply,
        request.query.format,
        await funnelReport(ctx, request.query),
        funnelBlocks,
        'Funnel',
      ),
  );

  app.get(
    '/v1/reports/speed-to-lead',
    {
      config,
      schema: {
        summary:
          "Speed-to-lead in the seed's benchmark buckets and the pipeline estimated lost to slow follow-up",
        tags,
        querystring: RangeQuery,
        produces,
        response: ok(SpeedToLeadSchema),
      },
    },
    async (request, reply) =>
      send(
        request,
        reply,
        request.query.format,
        await speedToLeadReport(ctx, request.query),
        speedBlocks,
        'Speed-to-lead',
      ),
  );

  app.get(
    '/v1/reports/pipeline-review',
    {
      config,
      schema: {
        summary: "The weekly pipeline review of seed 001's agenda for an ISO week",
        tags,
        querystring: WeekQuery,
        produces,
        response: ok(PipelineReviewSchema),
      },
    },
    async (request, reply) =>
      send(
        request,
        reply,
        request.query.format,
        await pipelineReview(ctx, { week: request.query.week }),
        reviewBlocks,
        'Weekly pipeline review',
      ),
  );

  app.get(
    '/v1/reports/monthly',
    {
      config,
      schema: {
        summary: "The monthly alignment report of seed 001's template for a month",
        tags,
        querystring: MonthQuery,
        produces,
        response: ok(MonthlySchema),
      },
    },
    async (request, reply) => {
      const report = await monthlyReport(ctx, { month: request.query.month });
      return send(
        request,
        reply,
        request.query.format,
        report,
        monthlyBlocks,
        `Monthly alignment report — ${report.title}`,
      );
    },
  );

  app.get(
    '/v1/diagnostics',
    {
      config,
      schema: {
        summary:
          "Seed 001's five misalignment patterns, SLA breaches trending up and scoring drift, with the evidence",
        tags,
        querystring: DiagnosticsQuery,
        produces,
        response: ok(DiagnosticsSchema),
      },
    },
    async (request, reply) =>
      send(
        request,
        reply,
        request.query.format,
        await diagnostics(ctx, request.query),
        diagnosticsBlocks,
        'Diagnostics',
      ),
  );
};
