import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BACKOFF_MS,
  JITTER,
  MAX_ATTEMPTS,
  matchesEvent,
  normalizeSubscriptionFields,
  type OutboxEntry,
  renderBody,
  retryDelayMs,
  signPayload,
  slackBody,
  verifySignature,
} from './model.js';

const entry: OutboxEntry = {
  id: 'evt_1',
  type: 'lead.routed',
  text: 'Ada Lovelace (Acme <ACME>) routed to Grace',
  subject: { personId: 'per_1', userId: 'usr_1' },
  data: { score: 82, rule: 'named-account', owner: { id: 'usr_1' }, tags: ['a'], qualified: true },
  createdAt: new Date('2026-01-05T09:00:00.000Z'),
};

describe('matchesEvent', () => {
  it('matches exact types, dot prefixes and everything', () => {
    expect(matchesEvent(['lead.routed'], 'lead.routed')).toBe(true);
    expect(matchesEvent(['lead.*'], 'lead.routed')).toBe(true);
    expect(matchesEvent(['lead.*'], 'sla.breached')).toBe(false);
    expect(matchesEvent(['*'], 'webhook.test')).toBe(true);
    expect(matchesEvent(['sla.*', 'lead.handoff'], 'lead.routed')).toBe(false);
  });

  it('does not let a prefix match a longer word (lead.* is not leader.x)', () => {
    expect(matchesEvent(['lead.*'], 'leader.changed')).toBe(false);
    expect(matchesEvent(['lead.*'], 'lead')).toBe(false);
  });
});

describe('normalizeSubscriptionFields', () => {
  it('names a non-http URL, an empty list and a malformed pattern', () => {
    const { issues } = normalizeSubscriptionFields({
      url: 'ftp://example.com/hook',
      events: ['lead.*', 'Lead Routed', 'sla.*.x'],
      format: 'xml',
    });
    expect(issues.map((i) => i.path)).toEqual(['/url', '/events/1', '/events/2', '/format']);
    expect(issues[0]!.message).toContain('http or https');
    expect(normalizeSubscriptionFields({ events: [] }).issues.map((i) => i.path)).toEqual(['/events']);
    expect(normalizeSubscriptionFields({ url: 'not a url' }).issues[0]!.message).toContain('absolute URL');
  });

  it('trims and dedupes events and accepts https with a port and path', () => {
    const { value, issues } = normalizeSubscriptionFields({
      url: ' https://hooks.example.com:8443/servio ',
      events: ['lead.*', ' lead.* ', '*'],
    });
    expect(issues).toEqual([]);
    expect(value).toEqual({ url: 'https://hooks.example.com:8443/servio', events: ['lead.*', '*'] });
  });
});

describe('signatures', () => {
  it('is HMAC-SHA256 over "timestamp.body", hex, prefixed v1= (a known vector)', () => {
    // echo -n '1767603600.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    expect(signPayload('whsec_test', 1767603600, '{"a":1}')).toBe(
      'v1=d8700f2ac3b84a4eac726598c52450d266ee6ca6d9662eb8564eed65c8ef929e',
    );
  });

  it('verifies what it signed, and nothing changed in secret, body or timestamp', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.string({ minLength: 1 }),
        (secret, body, timestamp, tamper) => {
          const header = signPayload(secret, timestamp, body);
          expect(verifySignature(secret, header, timestamp, body, timestamp)).toBe(true);
          expect(verifySignature(secret, header, timestamp, body + tamper, timestamp)).toBe(false);
          expect(verifySignature(secret + tamper, header, timestamp, body, timestamp)).toBe(false);
          expect(verifySignature(secret, header, timestamp + 1, body, timestamp)).toBe(false);
        },
      ),
    );
  });

  it('refuses a timestamp outside the tolerance (a replayed request)', () => {
    const header = signPayload('s', 1000, 'b');
    expect(verifySignature('s', header, 1000, 'b', 1300)).toBe(true);
    expect(verifySignature('s', header, 1000, 'b', 1301)).toBe(false);
    expect(verifySignature('s', `v1=bad, ${header}`, 1000, 'b', 1000)).toBe(true);
  });
});

describe('retryDelayMs', () => {
  it('follows 30 s, 2 min, 10 min, 1 h, ... and gives up after the last attempt', () => {
    expect(retryDelayMs(1, 0.5)).toBe(30_000);
    expect(retryDelayMs(2, 0.5)).toBe(120_000);
    expect(retryDelayMs(4, 0.5)).toBe(3_600_000);
    expect(retryDelayMs(MAX_ATTEMPTS - 1, 0.5)).toBe(BACKOFF_MS.at(-1));
    expect(retryDelayMs(MAX_ATTEMPTS, 0.5)).toBeUndefined();
    expect(MAX_ATTEMPTS).toBe(8);
  });

  it('grows with every attempt whatever the jitter, and stays within ±20 % of its step', () => {
    const attempt = fc.integer({ min: 1, max: MAX_ATTEMPTS - 2 });
    const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    fc.assert(
      fc.property(attempt, random, random, (n, r1, r2) => {
        const now = retryDelayMs(n, r1)!;
        const next = retryDelayMs(n + 1, r2)!;
        expect(next).toBeGreaterThan(now);
        const base = BACKOFF_MS[n - 1]!;
        expect(now).toBeGreaterThanOrEqual(base * (1 - JITTER) - 1);
        expect(now).toBeLessThanOrEqual(base * (1 + JITTER) + 1);
      }),
    );
  });

  it('spends about a day before a delivery is dead, never more than a day and a half', () => {
    const total = (r: number) =>
      Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, r)!).reduce((a, b) => a + b);
    expect(total(0.5) / 3_600_000).toBeCloseTo(22.2, 1);
    expect(total(0.999_999)).toBeLessThan(36 * 3_600_000);
  });
});

describe('payloads', () => {
  it('sends the json shape with the delivery id', () => {
    expect(JSON.parse(renderBody('json', entry, 'dlv_1'))).toEqual({
      id: 'evt_1',
      deliveryId: 'dlv_1',
      type: 'lead.routed',
      createdAt: '2026-01-05T09:00:00.000Z',
      subject: { personId: 'per_1', userId: 'usr_1' },
      data: entry.data,
    });
  });

  it('builds a Slack message: escaped text, scalar data as fields, type and subject as context', () => {
    const slack = slackBody(entry);
    expect(slack.text).toBe(entry.text);
    expect(slack.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Ada Lovelace (Acme &lt;ACME&gt;) routed to Grace' },
    });
    expect(slack.blocks[1]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*score*\n82' },
        { type: 'mrkdwn', text: '*rule*\nnamed-account' },
        { type: 'mrkdwn', text: '*qualified*\ntrue' },
      ],
    });
    expect(JSON.stringify(slack.blocks[2])).toContain('lead.routed · person per_1 · user usr_1 · evt_1');
  });

  it('keeps at most 10 fields and leaves out the fields block when data has no scalars', () => {
    const many = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, i]));
    expect(slackBody({ ...entry, data: many }).blocks[1]).toMatchObject({ fields: expect.any(Array) });
    expect((slackBody({ ...entry, data: many }).blocks[1] as { fields: unknown[] }).fields).toHaveLength(10);
    expect(slackBody({ ...entry, data: { nested: { a: 1 } } }).blocks.map((b) => b.type)).toEqual([
      'section',
      'context',
    ]);
  });
});
