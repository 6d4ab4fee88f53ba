import { Type } from 'typebox';
import { DateTime, PageOf, PageQuery } from '../core/index.js';

const hoursDescription =
  'day groups separated by `;`, each days then windows: `Mon-Wed 09:00-17:00; Thu 09:00-12:00,13:00-18:00` (24:00 allowed as an end)';
const holidaysDescription = 'dates `YYYY-MM-DD` and yearly `MM-DD`';

export const CalendarSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  timeZone: Type.String({ description: 'IANA time zone the hours and holidays are read in' }),
  hours: Type.String({ description: `canonical form; ${hoursDescription}` }),
  holidays: Type.Array(Type.String(), { description: holidaysDescription }),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  timeZone: Type.String({ minLength: 1, maxLength: 100, description: 'IANA time zone, e.g. Europe/Berlin' }),
  hours: Type.String({ minLength: 1, maxLength: 2000, description: hoursDescription }),
  holidays: Type.Array(Type.String({ maxLength: 10 }), { maxItems: 1000, description: holidaysDescription }),
};

export const CreateCalendarBody = Type.Object(
  { ...fields, holidays: Type.Optional(fields.holidays) },
  { additionalProperties: false },
);

export const UpdateCalendarBody = Type.Object(
  {
    name: Type.Optional(fields.name),
    timeZone: Type.Optional(fields.timeZone),
    hours: Type.Optional(fields.hours),
    holidays: Type.Optional(fields.holidays),
  },
  { additionalProperties: false, description: 'absent fields are unchanged' },
);

export const CalendarQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const CalendarPage = PageOf(CalendarSchema);

const instant = (what: string) =>
  Type.String({
    minLength: 1,
    maxLength: 64,
    description: `${what}: ISO 8601; without an offset it is wall time in the calendar's zone`,
  });
const duration = (what: string) =>
  Type.String({
    minLength: 1,
    maxLength: 64,
    description: `${what}: 4h, 30m, 90s, 2d (business days) or ISO 8601 (PT4H, P2D)`,
  });

export const DueQuery = Type.Object(
  {
    start: instant('when the clock starts'),
    add: Type.Optional(duration('business time to add')),
    subtract: Type.Optional(duration('business time to go back')),
  },
  { additionalProperties: false },
);

export const DueSchema = Type.Object({
  due: Type.String({ description: "ISO 8601 with the calendar's offset" }),
});

export const ElapsedQuery = Type.Object(
  { from: instant('start of the span'), to: instant('end of the span') },
  { additionalProperties: false },
);

export const ElapsedSchema = Type.Object({
  seconds: Type.Number({ description: 'business time between; negative when `to` is before `from`' }),
});
