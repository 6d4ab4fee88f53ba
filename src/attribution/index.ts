export * from './model.js';
export * from './heuristics.js';
export * from './markov.js';
export * from './shapley.js';
export * from './attribute.js';
export {
  PATH_COLUMNS,
  PathsFileError,
  readPaths,
  readPathsFile,
  splitPath,
  writePaths,
} from './paths-file.js';
export { attributionReport, type AttributionReport } from './report.js';
export { attributionFromStore, MAX_JOURNEYS, type StoreAttributionInput } from './service.js';
export { AttributionQuery, AttributionReportSchema } from './schema.js';
export { attributionRoutes } from './routes.js';
export { attributionCommands } from './commands.js';
// Revenue attribution (sourced / influenced), campaign economics and the closed-loop deal story.
export {
  type Deal,
  type PeriodFigures,
  type RevenueFigures,
  type SourceClass,
  type Sourcing,
  type Split,
  type Touch,
  type TouchKind,
  influenced,
  sourcing,
  touchpointKind,
} from './revenue-model.js';
export {
  type Attribution,
  ATTRIBUTIONS,
  ECONOMICS_GROUPINGS,
  type EconomicsGrouping,
  type EconomicsRow,
  type EconomicsTotals,
} from './revenue-economics.js';
export { PERIOD_KINDS, type PeriodKind } from './revenue-periods.js';
export {
  type CampaignEconomics,
  type CampaignEconomicsInput,
  type CostEntry,
  type CostEntryInput,
  campaignEconomics,
  createCostEntry,
  deleteCostEntry,
  listCostEntries,
  type RevenueAttribution,
  type RevenueAttributionInput,
  type RevenuePeriod,
  revenueAttribution,
  cacOfReports,
  revenueOfReports,
  sharedJourneys,
} from './revenue-service.js';
export { EconomicsSchema, RevenueAttributionSchema } from './revenue-schema.js';
export { revenueRoutes } from './revenue-routes.js';
export { revenueCommands } from './revenue-commands.js';
export { type DealStory, dealStory, storyMarkdown, storyText } from './story-model.js';
export { getDealStory } from './story-service.js';
export { DealStorySchema } from './story-schema.js';
export { storyRoutes } from './story-routes.js';
export { storyCommands } from './story-commands.js';
