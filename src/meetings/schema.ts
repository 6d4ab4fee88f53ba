import { Type } from 'typebox';
import { DateOnly, DateTime, Nullable, StringEnum } from '../core/index.js';
import { ACTION_STATUSES, CADENCES, MEETING_KINDS, TOPICS } from './model.js';

const Kind = StringEnum(MEETING_KINDS, {
  description: 'the series of the cadence (seed 001, Meeting Cadence)',
});
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'local HH:MM' });
const TemplateItem = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 200 }), topic: StringEnum(TOPICS) },
  { additionalProperties: false },
);
const Texts = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 30 });

const SeriesFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  durationMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
  attendees: Texts,
  agenda: Type.Array(TemplateItem, { minItems: 1, maxItems: 30 }),
  output: Texts,
  startTime: Time,
  weekday: Nullable(Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday of a weekly series' })),
};

const Occurrence = Type.Object({ date: DateOnly, startsAt: DateTime });

export const CadenceSchema = Type.Object({
  timeZone: Type.String({ description: "the organisation's IANA time zone" }),
  series: Type.Array(
    Type.Object({
      kind: Kind,
      cadence: StringEnum(CADENCES),
      ...SeriesFields,
      next: Type.Array(Occurrence, { description: 'the next three meetings' }),
    }),
  ),
});

export const CadenceEdit = Type.Object(
  {
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    series: Type.Optional(
      Type.Object(
        Object.fromEntries(
          MEETING_KINDS.map((k) => [
            k,
            Type.Optional(Type.Partial(Type.Object(SeriesFields, { additionalProperties: false }))),
          ]),
        ),
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const MeetingSchema = Type.Object({
  id: Type.String(),
  kind: Kind,
  date: DateOnly,
  startsAt: DateTime,
  title: Type.String(),
  notes: Nullable(Type.String()),
  agendaGeneratedAt: Nullable(DateTime),
  createdBy: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const ActionItemSchema = Type.Object({
  id: Type.String(),
  meetingId: Type.String(),
  title: Type.String(),
  ownerUserId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  teamId: Nullable(Type.String()),
  teamName: Nullable(Type.String()),
  dueOn: DateOnly,
  status: StringEnum(ACTION_STATUSES),
  completedAt: Nullable(DateTime),
  completedBy: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  overdue: Type.Boolean({ description: "open and due before today in the organisation's time zone" }),
});

export const MeetingDetailSchema = Type.Intersect([
  MeetingSchema,
  Type.Object({ actionItems: Type.Array(ActionItemSchema) }),
]);

const Figure = Type.Union([Type.Number(), Type.String(), Type.Null()]);

export const AgendaSchema = Type.Object({
  meetingId: Type.String(),
  kind: Kind,
  title: Type.String(),
  date: DateOnly,
  startsAt: DateTime,
  durationMinutes: Type.Integer(),
  attendees: Type.Array(Type.String()),
  output: Type.Array(Type.String()),
  period: Type.Object({ label: Type.String(), from: DateOnly, to: DateOnly }),
  generatedAt: DateTime,
  items: Type.Array(
    Type.Object({
      topic: StringEnum(TOPICS),
      title: Type.String(),
      figures: Type.Record(Type.String(), Figure),
      lines: Type.Array(Type.String()),
      table: Type.Optional(
        Type.Object({ headers: Type.Array(Type.String()), rows: Type.Array(Type.Array(Type.String())) }),
      ),
    }),
  ),
  carriedOver: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      owner: Nullable(Type.String()),
      dueOn: DateOnly,
      overdue: Type.Boolean(),
      meetingId: Type.String(),
      meetingTitle: Type.String(),
    }),
  ),
});

export const CreateMeetingBody = Type.Object(
  {
    kind: Kind,
    date: Type.String({
      format: 'date',
      description: "the local day of the meeting in the organisation's zone",
    }),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
  },
  { additionalProperties: false },
);

export const CreatedMeetingSchema = Type.Object({ meeting: MeetingSchema, agenda: AgendaSchema });

export const MeetingsQuery = Type.Object(
  {
    kind: Type.Optional(Kind),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

export const AgendaQuery = Type.Object(
  { format: Type.Optional(StringEnum(['json', 'md', 'html'] as const)) },
  { additionalProperties: false },
);

export const NotesBody = Type.Object(
  { notes: Nullable(Type.String({ maxLength: 20_000 })) },
  { additionalProperties: false },
);

const ItemFields = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  ownerUserId: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  teamId: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  dueOn: Type.String({ format: 'date' }),
};

export const ActionItemBody = Type.Object(ItemFields, { additionalProperties: false });

export const ActionItemPatch = Type.Object(
  {
    title: Type.Optional(ItemFields.title),
    ownerUserId: ItemFields.ownerUserId,
    teamId: ItemFields.teamId,
    dueOn: Type.Optional(ItemFields.dueOn),
    status: Type.Optional(StringEnum(ACTION_STATUSES)),
  },
  { additionalProperties: false },
);

export const ActionItemsQuery = Type.Object(
  {
    owner: Type.Optional(Type.String({ maxLength: 100, description: 'a user id, or "me"' })),
    status: Type.Optional(StringEnum(ACTION_STATUSES)),
    overdue: Type.Optional(Type.Boolean()),
    meetingId: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

export const ActionItemListSchema = Type.Object({ items: Type.Array(ActionItemSchema) });
export const MeetingListSchema = Type.Object({ items: Type.Array(MeetingSchema) });
