export * from './business-calendar.js';
export type { Calendar } from './calendar-store.js';
export {
  calendarsForUsers,
  createCalendar,
  deleteCalendar,
  effectiveCalendar,
  findCalendarByRef,
  getCalendar,
  listCalendars,
  toBusinessCalendar,
  updateCalendar,
  type CreateCalendarInput,
  type UpdateCalendarInput,
} from './calendar-service.js';
export { CalendarSchema } from './calendar-schema.js';
export { calendarRoutes } from './calendar-routes.js';
export { slaCalendarCommands } from './calendar-commands.js';
export * from './policies.js';
export {
  BREACH_GRACE_MS,
  dueAt,
  escalationsDue,
  meaning,
  type ClockEvent,
} from './clock-model.js';
export { escalateBreaches, markBreaches, processClockEvents, sweepClocks, type ClockRow } from './clocks.js';
export { slaSweepJob } from './jobs.js';
export { acknowledgeBreach, listClocks } from './clock-service.js';
export { clockRoutes } from './clock-routes.js';
export { clockCommands } from './clock-commands.js';
export { slaCompliance, type ComplianceReport } from './compliance.js';
export { listPeriodMqls, type PeriodMql, type ReportedMql } from './period-mqls.js';
export { parsePeriod, type ComplianceRow, type Period } from './compliance-model.js';
export {
  CONTENT_REQUEST_POLICY,
  CONTENT_REQUEST_POLICY_NAME,
  findRequestClock,
  startRequestClock,
  stopRequestClock,
  updateRequestClock,
  type StartRequestClock,
} from './request-clocks.js';
export {
  DEFAULT_WIN_LOSS_WITHIN,
  findWinLossClock,
  latestWinLossClock,
  startWinLossClock,
  stopWinLossClock,
  WIN_LOSS_POLICY,
  WIN_LOSS_POLICY_NAME,
  winLossDueAt,
  winLossWithin,
  type StartWinLossClock,
} from './win-loss-clocks.js';
