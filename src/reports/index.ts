export * from './model.js';
export type {
  ChannelCac,
  MetricRow,
  MetricStatus,
  PeriodFacts,
  RevenueFigures,
  RevenuePeriod,
} from './metrics-model.js';
export { PATTERNS, type Finding, type PatternId } from './diagnostics-model.js';
export { SPEED_BUCKETS, LOST_PIPELINE_FORMULA, type SpeedBucket } from './speed-to-lead-model.js';
export { FUNNEL_STAGES, type FunnelStage } from './store.js';
export { FUNNEL_DIMENSIONS, type FunnelDimension } from './funnel-store.js';
export {
  funnelReport,
  metricsReport,
  speedToLeadReport,
  type FunnelReport,
  type MetricsReport,
  type SpeedToLeadReport,
} from './service.js';
export {
  diagnostics,
  pipelineReview,
  type DiagnosticsReport,
  type PipelineReview,
} from './review-service.js';
export { monthlyReport, type MonthlyReport } from './monthly-service.js';
export { render, REPORT_FORMATS, type ReportFormat } from './render.js';
export {
  DiagnosticsSchema,
  FunnelSchema,
  MetricsSchema,
  MonthlySchema,
  PipelineReviewSchema,
  SpeedToLeadSchema,
} from './schema.js';
export { reportRoutes } from './routes.js';
export { reportCommands } from './commands.js';
