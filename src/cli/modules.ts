import type { Command } from 'commander';
import { salesActivityCommands } from '../activity/index.js';
import { agreementCommands } from '../agreement/index.js';
import { attributionCommands, revenueCommands, storyCommands } from '../attribution/index.js';
import { campaignCommands } from '../campaigns/index.js';
import { contentCommands } from '../content/index.js';
import {
  feedbackCommands,
  marketingTaskCommands,
  qualityCommands,
  winLossCommands,
} from '../feedback/index.js';
import { routingCommands } from '../routing/index.js';
import { lifecycleCommands } from '../lifecycle/index.js';
import { meetingCommands } from '../meetings/index.js';
import { notifyCommands } from '../notify/index.js';
import { opportunityCommands } from '../opportunities/index.js';
import { orgCommands } from '../org/index.js';
import { planningCommands } from '../planning/index.js';
import { reportCommands } from '../reports/index.js';
import { importCommands, peopleCommands } from '../people/index.js';
import { simulateCommands } from '../simulate/index.js';
import { scoringCommands } from '../scoring/index.js';
import { clockCommands, slaCalendarCommands } from '../sla/index.js';
import type { Cli } from './runner.js';

/** Every capability's commands, registered in this order. */
export const COMMAND_MODULES: ((program: Command, cli: Cli) => void)[] = [
  peopleCommands,
  importCommands,
  lifecycleCommands,
  orgCommands,
  slaCalendarCommands,
  campaignCommands,
  opportunityCommands,
  salesActivityCommands,
  simulateCommands,
  scoringCommands,
  agreementCommands,
  notifyCommands,
  routingCommands,
  feedbackCommands,
  qualityCommands,
  marketingTaskCommands,
  winLossCommands,
  clockCommands,
  planningCommands,
  contentCommands,
  attributionCommands,
  revenueCommands,
  storyCommands,
  reportCommands,
  meetingCommands,
];
