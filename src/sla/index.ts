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
