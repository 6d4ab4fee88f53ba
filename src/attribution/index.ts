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
} from './revenue-service.js';
export { EconomicsSchema, RevenueAttributionSchema } from './revenue-schema.js';
export { revenueRoutes } from './revenue-routes.js';
export { revenueCommands } from './revenue-commands.js';
export { type DealStory, dealStory, storyMarkdown, storyText } from './story-model.js';
export { getDealStory } from './story-service.js';
export { DealStorySchema } from './story-schema.js';
export { storyRoutes } from './story-routes.js';
export { storyCommands } from './story-commands.js';
