import { Type } from 'typebox';
import { DateOnly, DateTime, Nullable, PageOf, PageQuery, StringEnum } from '../core/index.js';
import { MATURITY_DIMENSIONS } from './maturity-model.js';
import { BUYING_ROLES, BUYING_STAGES, OWNER_TEAMS } from './personas-model.js';
import { PLAN_METRICS } from './plans-model.js';

/** Schemas of personas, the buying-process map, sales plays, joint plans and maturity. */

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Text = (max: number, description?: string) =>
  Type.String({ maxLength: max, ...(description !== undefined && { description }) });
const List = (description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 50, description });

// ---- personas

export const PersonaSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  role: Nullable(Type.String()),
  titles: Type.Array(Type.String()),
  segment: Nullable(Type.String()),
  pains: Type.Array(Type.String()),
  goals: Type.Array(Type.String()),
  objections: Type.Array(Type.String()),
  buyingRole: Nullable(StringEnum(BUYING_ROLES)),
  channels: Type.Array(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const personaFields = {
  key: Type.String({
    minLength: 1,
    maxLength: 60,
    description: 'short stable name, e.g. vp-marketing; content assets name personas by it',
  }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.Optional(Nullable(Text(500, 'their role in the organisation'))),
  titles: Type.Optional(List('job titles')),
  segment: Type.Optional(Nullable(Text(200))),
  pains: Type.Optional(List('challenges they want solved')),
  goals: Type.Optional(List('objectives and priorities')),
  objections: Type.Optional(List('what they push back with')),
  buyingRole: Type.Optional(Nullable(StringEnum(BUYING_ROLES))),
  channels: Type.Optional(List('where they find information')),
};

export const CreatePersonaBody = Type.Object(personaFields, { additionalProperties: false });
export const UpdatePersonaBody = Type.Object(
  { ...personaFields, key: Type.Optional(personaFields.key), name: Type.Optional(personaFields.name) },
  { additionalProperties: false, description: 'absent fields are unchanged; null clears' },
);
export const PersonaQuery = Type.Object(
  { ...PageQuery, segment: Type.Optional(Text(200)) },
  { additionalProperties: false },
);
export const PersonaPage = PageOf(PersonaSchema);

// ---- buying process

const AlignmentPoint = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 500 }),
    owner: StringEnum(OWNER_TEAMS),
    metric: Nullable(
      Type.String({ maxLength: 100, description: 'a shared-metric id of the reports, or another measure' }),
    ),
  },
  { additionalProperties: false },
);

const Stage = Type.Object(
  {
    stage: StringEnum(BUYING_STAGES),
    description: Type.String({ maxLength: 1000 }),
    points: Type.Array(AlignmentPoint, { maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const BuyingProcessBody = Type.Object(
  { stages: Type.Array(Stage, { minItems: 1, maxItems: 7 }) },
  { additionalProperties: false },
);

export const BuyingProcessSchema = Type.Object({
  stages: Type.Array(Stage),
  customized: Type.Boolean({ description: "false while the seed's default map is shown" }),
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(DateTime),
});

// ---- sales plays

export const PlaySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  personaId: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  description: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const playFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  personaId: Type.Optional(Nullable(Id)),
  segment: Type.Optional(Nullable(Text(200))),
  description: Type.Optional(Nullable(Text(4000))),
};
export const CreatePlayBody = Type.Object(playFields, { additionalProperties: false });
export const UpdatePlayBody = Type.Object(
  { ...playFields, name: Type.Optional(playFields.name) },
  { additionalProperties: false, description: 'absent fields are unchanged; null clears' },
);
export const PlayQuery = Type.Object(
  { ...PageQuery, personaId: Type.Optional(Id) },
  { additionalProperties: false },
);
export const PlayPage = PageOf(PlaySchema);

// ---- joint plans

export const QuarterParams = Type.Object({
  quarter: Type.String({ maxLength: 10, description: 'a quarter such as 2026-Q4' }),
});

const Status = StringEnum(['met', 'on_track', 'behind', 'not_started'] as const);

const Goal = {
  team: Type.String({ minLength: 1, maxLength: 100, description: 'marketing, sales, both, or a team id' }),
  metric: Type.String({
    minLength: 1,
    maxLength: 100,
    description: `tracked live when one of ${PLAN_METRICS.join(', ')} (revenue in cents)`,
  }),
  target: Type.Number({ minimum: 0 }),
  ownerUserId: Type.Optional(Nullable(Id)),
  note: Type.Optional(Nullable(Text(1000))),
};

export const PlanBody = Type.Object(
  {
    goals: Type.Array(Type.Object(Goal, { additionalProperties: false }), { maxItems: 100 }),
    notes: Type.Optional(Nullable(Text(10_000))),
  },
  { additionalProperties: false },
);

const CalendarGroup = Type.Object({
  play: Nullable(Type.Object({ id: Type.String(), name: Type.String(), personaId: Nullable(Type.String()) })),
  campaigns: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      channel: Type.String(),
      status: Type.String(),
      startsOn: Nullable(DateOnly),
      endsOn: Nullable(DateOnly),
      costCents: Type.Integer(),
      currency: Type.String(),
      playId: Nullable(Type.String()),
    }),
  ),
});

export const CalendarSchema = Type.Object({
  quarter: Type.String(),
  groups: Type.Array(CalendarGroup, { description: 'by play name; campaigns naming no play last' }),
});

export const PlanSchema = Type.Object({
  quarter: Type.Object({ label: Type.String(), from: DateOnly, to: DateOnly }),
  saved: Type.Boolean({ description: 'false while the goals are the defaults' }),
  agreementVersion: Type.Integer(),
  currency: Type.String(),
  elapsed: Type.Number({ description: 'share of the quarter gone' }),
  targets: Type.Array(
    Type.Object({
      metric: StringEnum(PLAN_METRICS),
      target: Type.Number(),
      actual: Type.Number(),
      share: Type.Number(),
      status: Status,
    }),
  ),
  goals: Type.Array(
    Type.Object({
      team: Type.String(),
      metric: Type.String(),
      target: Type.Number(),
      ownerUserId: Nullable(Type.String()),
      note: Nullable(Type.String()),
      actual: Nullable(Type.Number()),
      share: Nullable(Type.Number()),
      status: Nullable(Status),
    }),
  ),
  notes: Nullable(Type.String()),
  calendar: Type.Array(CalendarGroup),
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(DateTime),
});

// ---- maturity

const Level = Type.Integer({ minimum: 1, maximum: 4 });
const Rating = Type.Object(
  { level: Level, note: Type.Optional(Nullable(Text(2000))) },
  { additionalProperties: false },
);

export const MaturityBody = Type.Object(
  {
    dimensions: Type.Object(
      { process: Rating, staffing: Rating, systems: Rating, metrics: Rating },
      { additionalProperties: false },
    ),
    assessedBy: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: "default: the caller's name" }),
    ),
  },
  { additionalProperties: false },
);

const StoredRating = Type.Object({ level: Level, note: Nullable(Type.String()) });
const Dimensions = Type.Object({
  process: StoredRating,
  staffing: StoredRating,
  systems: StoredRating,
  metrics: StoredRating,
});
const Dimension = StringEnum(MATURITY_DIMENSIONS);

export const MaturityHistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      quarter: Type.String(),
      dimensions: Dimensions,
      overallLevel: Level,
      assessedBy: Type.String(),
      assessedAt: DateTime,
    }),
  ),
});

export const MaturitySchema = Type.Object({
  quarter: Type.String(),
  dimensions: Dimensions,
  overallLevel: Level,
  overallName: Type.String(),
  assessedBy: Type.String(),
  assessedAt: DateTime,
  nextLevel: Nullable(Level),
  gaps: Type.Array(
    Type.Object({ dimension: Dimension, level: Level, toReach: Level, cell: Type.Array(Type.String()) }),
  ),
  previous: Nullable(
    Type.Object({
      quarter: Type.String(),
      overallLevel: Level,
      changes: Type.Array(
        Type.Object({ dimension: Dimension, from: Level, to: Level, delta: Type.Integer() }),
      ),
    }),
  ),
});

export const MaturityModelSchema = Type.Object({
  dimensions: Type.Array(Dimension),
  levels: Type.Array(
    Type.Object({
      level: Level,
      name: Type.String(),
      summary: Type.String(),
      cells: Type.Object({
        process: Type.Array(Type.String()),
        staffing: Type.Array(Type.String()),
        systems: Type.Array(Type.String()),
        metrics: Type.Array(Type.String()),
      }),
    }),
  ),
});
