import type { Job } from '../jobs/index.js';
import { fireDueReminders } from './reminders.js';

/** Seed 001, Re-Queue Conditions: "set CRM reminder for re-engagement", fired when due. */
export const reminderJob: Job = {
  name: 'feedback.reminders',
  every: 60_000,
  run: async (ctx, now) => (await fireDueReminders(ctx, now)) > 0,
};
