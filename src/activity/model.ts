import { type FieldIssue, isEmail, normalizeEmail } from '../core/index.js';

/** The touchpoint types the product knows; any other `snake_case` type is accepted as custom. */
export const KNOWN_EVENT_TYPES = [
  'page_view',
  'form_submit',
  'email_open',
  'email_click',
  'content_download',
  'webinar_attended',
  'demo_request',
  'pricing_page_view',
  'chat_started',
  'unsubscribe',
  'referral',
  'signup',
] as const;

/** Seed 001, Funnel Stage Definitions: a Lead "provided contact information" by form fill, signup or chat. */
export const IDENTIFYING_TYPES: ReadonlySet<string> = new Set([
  'form_submit',
  'demo_request',
  'signup',
  'chat_started',
  'content_download',
  'webinar_attended',
]);

export const MAX_BATCH = 10_000;
const CUSTOM_TYPE = /^[a-z][a-z0-9_.:-]{0,63}$/;
const MAX_ID = 200;
/** Clocks drift; an event more than a day in the future is a client bug, not a touchpoint. */
const MAX_FUTURE_MS = 24 * 3_600_000;

export interface EventPersonFields {
  firstName?: string | undefined;
  lastName?: string | undefined;
  title?: string | undefined;
  phone?: string | undefined;
  company?: string | undefined;
  website?: string | undefined;
  country?: string | undefined;
  industry?: string | undefined;
  employees?: number | undefined;
}

/** A touchpoint event after validation. */
export interface TouchpointEvent {
  eventId: string;
  type: string;
  occurredAt: Date;
  email?: string | undefined;
  visitorId?: string | undefined;
  personId?: string | undefined;
  campaignId?: string | undefined;
  channel?: string | undefined;
  url?: string | undefined;
  contentId?: string | undefined;
  properties: Record<string, unknown>;
  person?: EventPersonFields | undefined;
}

export type EventOutcome =
  | { eventId: string | null; status: 'stored' }
  /** Durably in the inbox, waiting for the worker (asynchronous ingestion). */
  | { eventId: string | null; status: 'accepted' }
  | { eventId: string | null; status: 'duplicate' }
  | { eventId: string | null; status: 'rejected'; errors: FieldIssue[] };

const EVENT_KEYS = new Set([
  'eventId',
  'type',
  'occurredAt',
  'email',
  'visitorId',
  'personId',
  'campaignId',
  'channel',
  'url',
  'contentId',
  'properties',
  'person',
]);
const PERSON_KEYS = new Set([
  'firstName',
  'lastName',
  'title',
  'phone',
  'company',
  'website',
  'country',
  'industry',
  'employees',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates one raw event of a batch; every problem is reported with its path
 * (`/events/12/occurredAt`), so a client can fix exactly what is wrong.
 */
export function parseEvent(
  raw: unknown,
  index: number,
  now: Date,
): { event?: TouchpointEvent; issues: FieldIssue[] } {
  const at = `/events/${index}`;
  const issues: FieldIssue[] = [];
  if (!isRecord(raw)) return { issues: [{ path: at, message: 'must be an object' }] };

  const text = (key: string, max: number, required = false): string | undefined => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') {
      if (required) issues.push({ path: `${at}/${key}`, message: 'is required' });
      return undefined;
    }
    if (typeof value !== 'string') issues.push({ path: `${at}/${key}`, message: 'must be a string' });
    else if (value.length > max)
      issues.push({ path: `${at}/${key}`, message: `must be at most ${max} characters` });
    else return value;
    return undefined;
  };

  for (const key of Object.keys(raw))
    if (!EVENT_KEYS.has(key)) issues.push({ path: `${at}/${key}`, message: 'is not a known property' });
  const eventId = text('eventId', MAX_ID, true);
  const type = text('type', 64, true);
  if (type !== undefined && !CUSTOM_TYPE.test(type)) {
    issues.push({
      path: `${at}/type`,
      message: `must be one of ${KNOWN_EVENT_TYPES.join(', ')} or a custom snake_case type`,
    });
  }
  let occurredAt = now;
  const rawTime = text('occurredAt', 64);
  if (rawTime !== undefined) {
    const parsed = new Date(rawTime);
    if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(rawTime)) {
      issues.push({
        path: `${at}/occurredAt`,
        message: 'must be an ISO 8601 date-time such as 2026-03-01T09:30:00Z',
      });
    } else if (parsed.getTime() > now.getTime() + MAX_FUTURE_MS) {
      issues.push({ path: `${at}/occurredAt`, message: 'is more than a day in the future' });
    } else occurredAt = parsed;
  }
  const rawEmail = text('email', 320);
  const email = rawEmail === undefined ? undefined : normalizeEmail(rawEmail);
  if (email !== undefined && !isEmail(email))
    issues.push({ path: `${at}/email`, message: `"${rawEmail}" is not an email address` });
  const visitorId = text('visitorId', MAX_ID);
  const personId = text('personId', MAX_ID);
  if (
    !email &&
    !visitorId &&
    !personId &&
    !issues.some((i) => /\/(email|visitorId|personId)$/.test(i.path))
  ) {
    issues.push({
      path: at,
      message: 'needs an email, a visitorId or a personId to say whose touchpoint it is',
    });
  }
  const properties = raw.properties ?? {};
  if (!isRecord(properties)) issues.push({ path: `${at}/properties`, message: 'must be an object' });
  let person: EventPersonFields | undefined;
  if (raw.person !== undefined) {
    if (!isRecord(raw.person)) issues.push({ path: `${at}/person`, message: 'must be an object' });
    else {
      person = {};
      for (const [key, value] of Object.entries(raw.person)) {
        if (!PERSON_KEYS.has(key))
          issues.push({ path: `${at}/person/${key}`, message: 'is not a known property' });
        else if (key === 'employees') {
          if (!Number.isInteger(value) || (value as number) < 0)
            issues.push({ path: `${at}/person/employees`, message: 'must be a whole number of 0 or more' });
          else person.employees = value as number;
        } else if (typeof value !== 'string' || value.length > 300) {
          issues.push({ path: `${at}/person/${key}`, message: 'must be a string of at most 300 characters' });
        } else (person as Record<string, string>)[key] = value;
      }
    }
  }
  const event: TouchpointEvent = {
    eventId: eventId!,
    type: type!,
    occurredAt,
    email,
    visitorId,
    personId,
    campaignId: text('campaignId', MAX_ID),
    channel: text('channel', 100),
    url: text('url', 2000),
    contentId: text('contentId', MAX_ID),
    properties: isRecord(properties) ? properties : {},
    person,
  };
  return issues.length > 0 ? { issues } : { event, issues };
}

export interface IngestSummary {
  /** Appended to the inbox; the worker stores, scores and routes them (asynchronous ingestion). */
  accepted: number;
  stored: number;
  duplicates: number;
  rejected: number;
  results: EventOutcome[];
}

export function summarize(results: EventOutcome[]): IngestSummary {
  let accepted = 0;
  let stored = 0;
  let duplicates = 0;
  let rejected = 0;
  for (const r of results) {
    if (r.status === 'accepted') accepted++;
    else if (r.status === 'stored') stored++;
    else if (r.status === 'duplicate') duplicates++;
    else rejected++;
  }
  return { accepted, stored, duplicates, rejected, results };
}
