import { IANAZone } from 'luxon';
import { type FieldIssue, isEmail, normalizeEmail } from '../core/index.js';

/** What a person in the revenue organisation does; routing and reports group by it. */
export const USER_ROLES = ['sdr', 'ae', 'csm', 'sales_manager', 'marketing', 'revops', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** The function of a team (checked by the `teams` table as well). */
export const TEAM_FUNCTIONS = ['sdr', 'ae', 'partner', 'cs', 'marketing', 'revops', 'other'] as const;
export type TeamFunction = (typeof TEAM_FUNCTIONS)[number];

export const MAX_ROUTING_WEIGHT = 1000;
export const MAX_CAPACITY_PER_DAY = 10_000;

export interface User {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  teamId: string | null;
  managerUserId: string | null;
  segment: string | null;
  territory: string | null;
  /** IANA zone (`Europe/Paris`): the owner's business hours are counted in it. */
  timeZone: string;
  /** Deactivated users are kept (history points at them) but receive no new work. */
  active: boolean;
  outOfOfficeUntil: Date | null;
  /** New leads a day routing may give this user; null means no cap. */
  capacityPerDay: number | null;
  /** Relative share in weighted round-robin; 0 takes the user out of rotation. */
  routingWeight: number;
  /** Their own business calendar (`cal_…`); null works the team's, else Mon-Fri 09:00-17:00 in `timeZone`. */
  calendarId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Team {
  id: string;
  name: string;
  function: TeamFunction;
  managerUserId: string | null;
  /** The business calendar of members without their own. */
  calendarId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a caller may set on a user; on update, absent means unchanged, null clears. */
export interface UserFields {
  email: string;
  name: string;
  role: string;
  teamId: string | null;
  managerUserId: string | null;
  segment: string | null;
  territory: string | null;
  timeZone: string;
  active: boolean;
  outOfOfficeUntil: Date | null;
  capacityPerDay: number | null;
  routingWeight: number;
  calendarId: string | null;
}

export interface TeamFields {
  name: string;
  function: string;
  managerUserId: string | null;
  calendarId: string | null;
}

export function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value);
}

export function isTeamFunction(value: string): value is TeamFunction {
  return (TEAM_FUNCTIONS as readonly string[]).includes(value);
}

export function isTimeZone(value: string): boolean {
  return IANAZone.isValidZone(value);
}

/** A user can take new work now: active and not out of office. */
export function isAvailable(user: Pick<User, 'active' | 'outOfOfficeUntil'>, now: Date): boolean {
  return user.active && (user.outOfOfficeUntil === null || user.outOfOfficeUntil.getTime() <= now.getTime());
}

function blank(value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Checks and normalises the user fields present in `input` (trimmed text, lower-case
 * email); every broken rule is reported with its field path.
 */
export function normalizeUserFields(input: Partial<UserFields>): {
  value: Partial<UserFields>;
  issues: FieldIssue[];
} {
  const issues: FieldIssue[] = [];
  const value: Partial<UserFields> = { ...input };
  if (input.email !== undefined) {
    value.email = normalizeEmail(input.email);
    if (!isEmail(value.email))
      issues.push({ path: '/email', message: `"${input.email}" is not an email address` });
  }
  if (input.name !== undefined) {
    value.name = input.name.trim();
    if (value.name === '') issues.push({ path: '/name', message: 'must not be empty' });
  }
  if (input.role !== undefined && !isUserRole(input.role)) {
    issues.push({ path: '/role', message: `must be one of ${USER_ROLES.join(', ')}` });
  }
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
    issues.push({
      path: '/timeZone',
      message: `"${input.timeZone}" is not an IANA time zone (e.g. Europe/Paris)`,
    });
  }
  if (input.capacityPerDay !== undefined && input.capacityPerDay !== null) {
    const n = input.capacityPerDay;
    if (!Number.isInteger(n) || n < 0 || n > MAX_CAPACITY_PER_DAY) {
      issues.push({
        path: '/capacityPerDay',
        message: `must be a whole number from 0 to ${MAX_CAPACITY_PER_DAY}`,
      });
    }
  }
  if (input.routingWeight !== undefined) {
    const n = input.routingWeight;
    if (!Number.isInteger(n) || n < 0 || n > MAX_ROUTING_WEIGHT) {
      issues.push({
        path: '/routingWeight',
        message: `must be a whole number from 0 to ${MAX_ROUTING_WEIGHT}`,
      });
    }
  }
  if (input.outOfOfficeUntil instanceof Date && Number.isNaN(input.outOfOfficeUntil.getTime())) {
    issues.push({ path: '/outOfOfficeUntil', message: 'is not a date-time' });
  }
  for (const key of ['segment', 'territory', 'teamId', 'managerUserId', 'calendarId'] as const) {
    if (input[key] !== undefined) value[key] = blank(input[key]) ?? null;
  }
  return { value, issues };
}

export function normalizeTeamFields(input: Partial<TeamFields>): {
  value: Partial<TeamFields>;
  issues: FieldIssue[];
} {
  const issues: FieldIssue[] = [];
  const value: Partial<TeamFields> = { ...input };
  if (input.name !== undefined) {
    value.name = input.name.trim();
    if (value.name === '') issues.push({ path: '/name', message: 'must not be empty' });
  }
  if (input.function !== undefined && !isTeamFunction(input.function)) {
    issues.push({ path: '/function', message: `must be one of ${TEAM_FUNCTIONS.join(', ')}` });
  }
  if (input.managerUserId !== undefined) value.managerUserId = blank(input.managerUserId) ?? null;
  if (input.calendarId !== undefined) value.calendarId = blank(input.calendarId) ?? null;
  return { value, issues };
}

/**
 * True when making `managerUserId` the manager of `userId` would close a loop. `managerOf`
 * gives each user's current manager; the walk stops at the top of the chain.
 */
export function wouldCycle(
  userId: string,
  managerUserId: string,
  managerOf: ReadonlyMap<string, string | null>,
): boolean {
  const seen = new Set<string>();
  let current: string | null | undefined = managerUserId;
  while (current) {
    if (current === userId) return true;
    if (seen.has(current)) return false;
    seen.add(current);
    current = managerOf.get(current);
  }
  return false;
}
