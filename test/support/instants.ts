/** Named instants tests pin the clock to, so a reader sees the calendar at a glance. */
export const JAN_05_0900_UTC = '2026-01-05T09:00:00.000Z'; // a Monday
export const MONDAY_0900_PARIS = '2026-01-05T08:00:00.000Z';
export const MONDAY_0900_NEW_YORK = '2026-01-05T14:00:00.000Z';
export const FRIDAY_1700_NEW_YORK = '2026-01-09T22:00:00.000Z';
