import { DAY, HOUR } from '../core/index.js';
import type { Trx } from '../store/index.js';
import type { Calendar } from './clock-model.js';

/**
 * The calendar a clock is measured in: the accountable user's business hours. Until the
 * business calendar lands, wall time (business hours = hours, business days = days).
 */
export async function calendarFor(_trx: Trx, _userId: string | null): Promise<Calendar> {
  return {
    addBusinessHours: (start, hours) => new Date(start.getTime() + hours * HOUR),
    addBusinessDays: (start, days) => new Date(start.getTime() + days * DAY),
  };
}
