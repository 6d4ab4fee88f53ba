import type { Trx } from '../store/index.js';
import { type BusinessCalendar, DEFAULT_CALENDAR } from './business-calendar.js';
import { effectiveCalendar } from './calendar-service.js';

/**
 * The calendar a clock is measured in: the accountable user's own (else their team's, else
 * Mon-Fri 09:00-17:00 in their zone); clocks nobody in particular answers for (revops) run in
 * the default calendar.
 */
export async function calendarFor(trx: Trx, userId: string | null): Promise<BusinessCalendar> {
  return userId ? effectiveCalendar(trx, userId) : DEFAULT_CALENDAR;
}
