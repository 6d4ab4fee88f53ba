import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FieldIssue } from '../core/index.js';

/** What other capabilities publish (the contract in `index.ts`). */
export interface Notification {
  /** e.g. 'lead.routed', 'lead.unassigned', 'lead.handoff', 'lead.recycled', 'lead.reengage', 'sla.breached' */
  type: string;
  /** A one-line human summary; the Slack shape shows it. */
  text: string;
  /** What it is about, for filtering and the delivery log. */
  subject?: { personId?: string | null; userId?: string | null };
  /** The machine payload (JSON-serialisable). */
  data: Record<string, unknown>;
}

export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
/**
 * pending: not tried yet (or sent back by a retry); failed: the last attempt failed and
 * another is scheduled; delivered: a 2xx answer; dead: every attempt failed, given up.
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A subscription as the API shows it: the secret only ever leaves on create and rotate. */
export interface WebhookSubscription {
  id: string;
  url: string;
  events: string[];
  format: WebhookFormat;
  active: boolean;
  description: string;
  /** The first characters of the secret, to recognise it (`whsec_AbCd1234`). */
  secretPrefix: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface OutboxEntry {
  id: string;
  type: string;
  text: string;
  subject: { personId: string | null; userId: string | null };
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface Delivery {
  /** The idempotent delivery id, sent as `Servio-Delivery`: the same on every retry. */
  id: string;
  outboxId: string;
  subscriptionId: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

// ---- subscriptions

/** `lead.routed`, `lead.*` (a prefix ending at a dot) or `*` (everything). */
const EVENT_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

export function isEventPattern(value: string): boolean {
  return EVENT_PATTERN.test(value);
}

/** Whether a subscription's patterns select an event type. */
export function matchesEvent(patterns: readonly string[], type: string): boolean {
  return patterns.some(
    (p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))),
  );
}

export interface SubscriptionFields {
  url: string;
  events: string[];
  format: string;
  active: boolean;
  description: string;
}

/** Checks the fields present; every broken rule names its path. */
export function normalizeSubscriptionFields(input: Partial<SubscriptionFields>): {
  value: Partial<SubscriptionFields>;
  issues: FieldIssue[];
} {
  const issues: FieldIssue[] = [];
  const value: Partial<SubscriptionFields> = { ...input };
  if (input.url !== undefined) {
    value.url = input.url.trim();
    const issue = urlIssue(value.url);
    if (issue) issues.push({ path: '/url', message: issue });
  }
  if (input.events !== undefined) {
    value.events = [...new Set(input.events.map((e) => e.trim()))];
    if (value.events.length === 0) issues.push({ path: '/events', message: 'must name at least one event' });
    value.events.forEach((e, i) => {
      if (!isEventPattern(e))
        issues.push({
          path: `/events/${i}`,
          message: `"${e}" is not an event type or pattern (lead.routed, lead.*, *)`,
        });
    });
  }
  if (input.format !== undefined && !(WEBHOOK_FORMATS as readonly string[]).includes(input.format)) {
    issues.push({ path: '/format', message: `must be one of ${WEBHOOK_FORMATS.join(', ')}` });
  }
  if (input.description !== undefined) value.description = input.description.trim();
  return { value, issues };
}

/** Why a URL cannot receive webhooks, or undefined when it can. */
export function urlIssue(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not an absolute URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must be an http or https URL, got ${url.protocol.slice(0, -1)}`;
  }
  if (url.username || url.password) return 'must not carry credentials; the signature authenticates us';
  return undefined;
}

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` + 32 random bytes, base64url. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
}

export function webhookSecretPrefix(secret: string): string {
  return secret.slice(0, SECRET_PREFIX.length + 8);
}

// ---- signatures

/** Receivers should refuse a timestamp further than this from their clock (replays). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * `Servio-Signature: v1=<hex>`, where hex is HMAC-SHA256 keyed by the subscription's secret
 * over `${timestamp}.${body}` (timestamp = `Servio-Timestamp`, unix seconds; body = the raw
 * bytes received). Signing the timestamp too means a captured request cannot be replayed later.
 */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's side, in constant time; exported so the recipe in the README is tested. */
export function verifySignature(
  secret: string,
  header: string,
  timestamp: number,
  body: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  return header
    .split(',')
    .map((part) => Buffer.from(part.trim()))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}

// ---- retries

/** After attempt n fails, the next comes about BACKOFF_MS[n - 1] later: ~22 h over 8 attempts. */
export const BACKOFF_MS = [
  30_000, // 30 s
  120_000, // 2 min
  600_000, // 10 min
  3_600_000, // 1 h
  10_800_000, // 3 h
  21_600_000, // 6 h
  43_200_000, // 12 h
] as const;
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;

/**
 * ±20 % jitter spreads the retries of many deliveries that failed together (a receiver's
 * outage) instead of sending them back in one wave. Each step is at least 2× the previous,
 * so jittered delays still grow with every attempt.
 */
export const JITTER = 0.2;

/**
 * The delay before the attempt after `attempts` failed ones, or undefined when it was the
 * last (the delivery is dead). `random` is in [0, 1).
 */
export function retryDelayMs(attempts: number, random: number): number | undefined {
  if (!Number.isInteger(attempts) || attempts < 1 || attempts >= MAX_ATTEMPTS) return undefined;
  const base = BACKOFF_MS[attempts - 1]!;
  return Math.round(base * (1 - JITTER + 2 * JITTER * Math.min(Math.max(random, 0), 1)));
}

/** Only a 2xx answer counts as delivered; a redirect is not followed (the URL is the contract). */
export function isDelivered(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

// ---- payloads

/** The `json` body: what happened, once per outbox entry, with the idempotent delivery id. */
export function jsonBody(entry: OutboxEntry, deliveryId: string) {
  return {
    id: entry.id,
    deliveryId,
    type: entry.type,
    createdAt: entry.createdAt.toISOString(),
    subject: entry.subject,
    data: entry.data,
  };
}

/** Slack mrkdwn treats these three as control characters. */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Slack allows at most 10 fields in a section, each at most 2,000 characters. */
const MAX_SLACK_FIELDS = 10;
const MAX_FIELD_LENGTH = 200;

function fieldValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > MAX_FIELD_LENGTH ? `${value.slice(0, 199)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The `slack` body, for a Slack incoming webhook (or anything that takes its shape): `text`
 * is the fallback for notifications, `blocks` show the summary, the top-level scalar fields
 * of `data`, and what it is about.
 */
export function slackBody(entry: OutboxEntry) {
  const fields = Object.entries(entry.data)
    .flatMap(([key, value]) => {
      const shown = fieldValue(value);
      return shown === undefined
        ? []
        : [{ type: 'mrkdwn', text: `*${escapeSlack(key)}*\n${escapeSlack(shown)}` }];
    })
    .slice(0, MAX_SLACK_FIELDS);
  const context = [
    entry.type,
    entry.subject.personId && `person ${entry.subject.personId}`,
    entry.subject.userId && `user ${entry.subject.userId}`,
    entry.id,
  ].filter(Boolean);
  return {
    text: entry.text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(entry.text) } },
      ...(fields.length > 0 ? [{ type: 'section', fields }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(context.join(' · ')) }] },
    ],
  };
}

/** The exact bytes sent (and signed) for a delivery in the subscription's format. */
export function renderBody(format: WebhookFormat, entry: OutboxEntry, deliveryId: string): string {
  return JSON.stringify(format === 'slack' ? slackBody(entry) : jsonBody(entry, deliveryId));
}
