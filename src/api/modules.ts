import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { accessRoutes } from '../access/index.js';
import { activityRoutes } from '../activity/index.js';
import type { Ctx } from '../app.js';
import { lifecycleRoutes } from '../lifecycle/index.js';
import { peopleRoutes } from '../people/index.js';

/** Every capability's routes, mounted in this order. */
export const ROUTE_MODULES: FastifyPluginAsyncTypebox<{ ctx: Ctx }>[] = [
  accessRoutes,
  peopleRoutes,
  lifecycleRoutes,
  activityRoutes,
];
