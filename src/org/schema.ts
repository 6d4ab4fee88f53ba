import { Type } from 'typebox';
import { DateTime, Email, Nullable, PageOf, PageQuery, StringEnum } from '../core/index.js';
import { MAX_CAPACITY_PER_DAY, MAX_ROUTING_WEIGHT, TEAM_FUNCTIONS, USER_ROLES } from './model.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Label = Type.String({ maxLength: 200 });
const TimeZone = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'IANA time zone, e.g. Europe/Paris',
});

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: StringEnum(USER_ROLES),
  teamId: Nullable(Type.String()),
  managerUserId: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  territory: Nullable(Type.String()),
  timeZone: Type.String(),
  active: Type.Boolean(),
  outOfOfficeUntil: Nullable(DateTime),
  capacityPerDay: Nullable(Type.Integer()),
  routingWeight: Type.Integer(),
  calendarId: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const userFields = {
  email: Email,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: StringEnum(USER_ROLES),
  timeZone: TimeZone,
  teamId: Type.Optional(Nullable(Id)),
  managerUserId: Type.Optional(Nullable(Id)),
  segment: Type.Optional(Nullable(Label)),
  territory: Type.Optional(Nullable(Label)),
  active: Type.Optional(Type.Boolean()),
  outOfOfficeUntil: Type.Optional(Nullable(DateTime)),
  capacityPerDay: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: MAX_CAPACITY_PER_DAY }))),
  routingWeight: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_ROUTING_WEIGHT,
      description: 'share in weighted round-robin; 0 = out of rotation',
    }),
  ),
  calendarId: Type.Optional(
    Nullable(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: "the user's business calendar; null works the team's",
      }),
    ),
  ),
};

export const CreateUserBody = Type.Object(userFields, { additionalProperties: false });

export const UpdateUserBody = Type.Object(
  {
    ...userFields,
    email: Type.Optional(userFields.email),
    name: Type.Optional(userFields.name),
    role: Type.Optional(userFields.role),
    timeZone: Type.Optional(userFields.timeZone),
  },
  {
    additionalProperties: false,
    description: 'absent fields are unchanged; null clears; active=false deactivates',
  },
);

export const UserQuery = Type.Object(
  {
    ...PageQuery,
    role: Type.Optional(StringEnum(USER_ROLES)),
    teamId: Type.Optional(Id),
    managerUserId: Type.Optional(Id),
    active: Type.Optional(Type.Boolean()),
    segment: Type.Optional(Label),
    territory: Type.Optional(Label),
    email: Type.Optional(Type.String({ maxLength: 320 })),
  },
  { additionalProperties: false },
);

export const TeamSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  function: StringEnum(TEAM_FUNCTIONS),
  managerUserId: Nullable(Type.String()),
  calendarId: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const CreateTeamBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    function: StringEnum(TEAM_FUNCTIONS),
    managerUserId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);

export const UpdateTeamBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    function: Type.Optional(StringEnum(TEAM_FUNCTIONS)),
    managerUserId: Type.Optional(Nullable(Id)),
    calendarId: Type.Optional(
      Nullable(
        Type.String({
          minLength: 1,
          maxLength: 100,
          description: 'business calendar of members without their own',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);

export const TeamQuery = Type.Object(
  { ...PageQuery, function: Type.Optional(StringEnum(TEAM_FUNCTIONS)), managerUserId: Type.Optional(Id) },
  { additionalProperties: false },
);

export const UserPage = PageOf(UserSchema);
export const TeamPage = PageOf(TeamSchema);
