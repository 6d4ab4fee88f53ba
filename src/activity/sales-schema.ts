import { Type } from 'typebox';
import { DateTime, Nullable, PageOf, PageQuery, StringEnum } from '../core/index.js';
import { ACTIVITY_DIRECTIONS, MAX_DURATION_SECONDS, SALES_ACTIVITY_TYPES } from './sales-model.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });

export const SalesActivitySchema = Type.Object({
  id: Type.String(),
  type: StringEnum(SALES_ACTIVITY_TYPES),
  direction: StringEnum(ACTIVITY_DIRECTIONS),
  outcome: Nullable(Type.String()),
  occurredAt: DateTime,
  personId: Nullable(Type.String()),
  accountId: Nullable(Type.String()),
  opportunityId: Nullable(Type.String()),
  userId: Nullable(Type.String({ description: 'the rep' })),
  subject: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  durationSeconds: Nullable(Type.Integer()),
  externalId: Nullable(Type.String()),
  createdAt: DateTime,
});

export const LogActivityBody = Type.Object(
  {
    type: StringEnum(SALES_ACTIVITY_TYPES),
    direction: Type.Optional(StringEnum(ACTIVITY_DIRECTIONS, { description: 'default outbound' })),
    outcome: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 50,
          description:
            'call: connected|voicemail|no_answer|wrong_number|busy|meeting_booked; email: sent|replied|bounced; meeting: held|no_show|rescheduled|cancelled; linkedin: sent|replied|accepted; sms: sent|replied|failed',
        }),
      ),
    ),
    occurredAt: Type.Optional(DateTime),
    personId: Type.Optional(Nullable(Id)),
    accountId: Type.Optional(Nullable(Id)),
    opportunityId: Type.Optional(Nullable(Id)),
    userId: Type.Optional(Nullable(Id)),
    subject: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
    durationSeconds: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: MAX_DURATION_SECONDS }))),
    externalId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  },
  {
    additionalProperties: false,
    description:
      'accountId defaults to the person’s account; userId to the calling rep; the same externalId again returns the first activity with 200',
  },
);

export const SalesActivityQuerySchema = Type.Object(
  {
    ...PageQuery,
    personId: Type.Optional(Id),
    userId: Type.Optional(Id),
    accountId: Type.Optional(Id),
    opportunityId: Type.Optional(Id),
    type: Type.Optional(StringEnum(SALES_ACTIVITY_TYPES)),
    direction: Type.Optional(StringEnum(ACTIVITY_DIRECTIONS)),
    occurredFrom: Type.Optional(Type.String({ format: 'date-time', description: 'occurred at or after' })),
    occurredTo: Type.Optional(Type.String({ format: 'date-time', description: 'occurred before' })),
  },
  { additionalProperties: false },
);

export const SalesActivityPage = PageOf(SalesActivitySchema);
