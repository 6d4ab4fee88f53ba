import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { accessRoutes } from '../access/index.js';
import { activityRoutes, salesActivityRoutes } from '../activity/index.js';
import { agreementRoutes } from '../agreement/index.js';
import { attributionRoutes } from '../attribution/index.js';
import type { Ctx } from '../app.js';
import { revenueRoutes, storyRoutes } from '../attribution/index.js';
import { scoringRoutes } from '../scoring/index.js';
import { clockRoutes } from '../sla/index.js';
import { campaignRoutes } from '../campaigns/index.js';
import { contentRoutes } from '../content/index.js';
import {
  feedbackRoutes,
  intelRoutes,
  marketingTaskRoutes,
  qualityRoutes,
  winLossRoutes,
} from '../feedback/index.js';
import { routingRoutes } from '../routing/index.js';
import { lifecycleRoutes } from '../lifecycle/index.js';
import { meetingRoutes } from '../meetings/index.js';
import { notifyRoutes } from '../notify/index.js';
import { opportunityRoutes } from '../opportunities/index.js';
import { orgRoutes } from '../org/index.js';
import { planningRoutes } from '../planning/index.js';
import { reportRoutes } from '../reports/index.js';
import { importRoutes, peopleRoutes } from '../people/index.js';
import { calendarRoutes } from '../sla/index.js';

/** Every capability's routes, mounted in this order. */
export const ROUTE_MODULES: FastifyPluginAsyncTypebox<{ ctx: Ctx }>[] = [
  accessRoutes,
  peopleRoutes,
  importRoutes,
  lifecycleRoutes,
  activityRoutes,
  orgRoutes,
  calendarRoutes,
  campaignRoutes,
  opportunityRoutes,
  salesActivityRoutes,
  agreementRoutes,
  scoringRoutes,
  notifyRoutes,
  routingRoutes,
  feedbackRoutes,
  qualityRoutes,
  marketingTaskRoutes,
  winLossRoutes,
  intelRoutes,
  clockRoutes,
  planningRoutes,
  contentRoutes,
  attributionRoutes,
  revenueRoutes,
  storyRoutes,
  reportRoutes,
  meetingRoutes,
];
