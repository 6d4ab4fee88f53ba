import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { forEachStore } from '../../test/support/stores.js';
import {
  newWebhook,
  refusingUrl,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../test/support/webhooks.js';
import { CLI_PRINCIPAL } from '../access/index.js';
import { ConflictError, HOUR, ValidationError } from '../core/index.js';
import { deliverDue, settleDeliveries } from './delivery.js';
import { MAX_ATTEMPTS, type Notification, verifySignature } from './model.js';
import {
  createWebhook,
  getDelivery,
  listDeliveries,
  listOutbox,
  listWebhooks,
  publish,
  retryDelivery,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
} from './service.js';

const routed: Notification = {
  type: 'lead.routed',
  text: 'Ada Lovelace routed to Grace Hopper',
  subject: { personId: 'per_ada', userId: 'usr_grace' },
  data: { rule: 'named-account', score: 82 },
};

/** The jitter pinned to its middle, so each retry comes exactly one backoff step later. */
const options = { random: () => 0.5 };

forEachStore('notify service', (fx) => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  afterEach(async () => {
    await fx.ctx.db.deleteFrom('webhook_subscriptions').execute();
    receiver.received.length = 0;
    receiver.fallback = 200;
  });

  const publishNow = (n: Notification = routed) =>
    fx.ctx.db.transaction().execute((trx) => publish(trx, fx.ctx.ids, fx.clock.now(), n));

  it('writes one delivery per active subscription whose patterns match', async () => {
    const all = await newWebhook(fx.ctx, { events: ['*'] });
    const leads = await newWebhook(fx.ctx, { events: ['lead.*'] });
    await newWebhook(fx.ctx, { events: ['sla.*'] });
    await newWebhook(fx.ctx, { events: ['lead.routed'], active: false });
    const outboxId = await publishNow();
    const { items } = await listDeliveries(fx.ctx, { outboxId });
    expect(items.map((d) => d.subscriptionId).sort()).toEqual([all.webhook.id, leads.webhook.id].sort());
    expect(items.every((d) => d.status === 'pending' && d.attempts === 0 && d.type === 'lead.routed')).toBe(
      true,
    );
    const outbox = await listOutbox(fx.ctx, { personId: 'per_ada' });
    expect(outbox.items.find((e) => e.id === outboxId)).toMatchObject({
      type: 'lead.routed',
      subject: { personId: 'per_ada', userId: 'usr_grace' },
      data: { rule: 'named-account', score: 82 },
    });
  });

  it('publishes nothing when the caller’s transaction rolls back', async () => {
    await newWebhook(fx.ctx);
    const before = (await listOutbox(fx.ctx, { type: 'lead.recycled' })).items.length;
    await expect(
      fx.ctx.db.transaction().execute(async (trx) => {
        await publish(trx, fx.ctx.ids, fx.clock.now(), { ...routed, type: 'lead.recycled' });
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    expect((await listOutbox(fx.ctx, { type: 'lead.recycled' })).items.length).toBe(before);
    await expect(publishNow({ ...routed, type: 'lead.*' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('posts the signed JSON body with the delivery id, once', async () => {
    const { webhook, secret } = await newWebhook(fx.ctx, { url: receiver.url });
    const outboxId = await publishNow();
    const run = await deliverDue(fx.ctx, fx.clock.now(), options);
    expect(run).toMatchObject({ claimed: 1, delivered: 1, more: false });
    const [request] = receiver.received;
    const delivery = (await listDeliveries(fx.ctx, { subscriptionId: webhook.id })).items[0]!;
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'servio-delivery': delivery.id,
      'servio-event': 'lead.routed',
      'servio-timestamp': String(fx.clock.now().getTime() / 1000),
    });
    const timestamp = Number(request!.headers['servio-timestamp']);
    const signature = String(request!.headers['servio-signature']);
    expect(verifySignature(secret, signature, timestamp, request!.body, timestamp)).toBe(true);
    expect(JSON.parse(request!.body)).toEqual({
      id: outboxId,
      deliveryId: delivery.id,
      type: 'lead.routed',
      createdAt: fx.clock.now().toISOString(),
      subject: { personId: 'per_ada', userId: 'usr_grace' },
      data: { rule: 'named-account', score: 82 },
    });
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
    });
    expect(delivery.deliveredAt).toEqual(fx.clock.now());
    expect((await deliverDue(fx.ctx, fx.clock.now(), options)).claimed).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a 500 after the backoff with the same delivery id, not before', async () => {
    await newWebhook(fx.ctx, { url: receiver.url });
    await publishNow();
    receiver.answer(500);
    await deliverDue(fx.ctx, fx.clock.now(), options);
    const [failed] = (await listDeliveries(fx.ctx, { status: 'failed' })).items;
    expect(failed).toMatchObject({
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500: receiver says 500',
    });
    expect(failed!.nextAttemptAt).toEqual(new Date(fx.clock.now().getTime() + 30_000));

    fx.clock.advance(29_000);
    expect((await deliverDue(fx.ctx, fx.clock.now(), options)).claimed).toBe(0);
    fx.clock.advance(1_000);
    expect((await deliverDue(fx.ctx, fx.clock.now(), options)).delivered).toBe(1);
    const ids = receiver.received.map((r) => r.headers['servio-delivery']);
    expect(ids).toEqual([failed!.id, failed!.id]);
    expect(await getDelivery(fx.ctx, failed!.id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('records each outcome of one batch: one delivered, one refused', async () => {
    const ok = await newWebhook(fx.ctx, { url: receiver.url });
    const refused = await newWebhook(fx.ctx, { url: await refusingUrl() });
    const outboxId = await publishNow();
    const run = await deliverDue(fx.ctx, fx.clock.now(), options);
    expect(run).toMatchObject({ claimed: 2, delivered: 1, failed: 1 });
    const bySubscription = new Map(
      (await listDeliveries(fx.ctx, { outboxId })).items.map((d) => [d.subscriptionId, d]),
    );
    expect(bySubscription.get(ok.webhook.id)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      deliveredAt: fx.clock.now(),
      nextAttemptAt: null,
    });
    const failed = bySubscription.get(refused.webhook.id)!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null, deliveredAt: null });
    expect(failed.lastError).toMatch(/^ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    expect(failed.nextAttemptAt).toEqual(new Date(fx.clock.now().getTime() + 30_000));
  });

  it('records a refused connection, retries it and gives up after the last attempt', async () => {
    const { webhook } = await newWebhook(fx.ctx, { url: await refusingUrl() });
    await publishNow();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect((await deliverDue(fx.ctx, fx.clock.now(), options)).claimed).toBe(1);
      fx.clock.advance(13 * HOUR);
    }
    const [dead] = (await listDeliveries(fx.ctx, { subscriptionId: webhook.id })).items;
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: MAX_ATTEMPTS,
      lastStatusCode: null,
      nextAttemptAt: null,
    });
    expect(dead!.lastError).toContain('ECONNREFUSED');
    expect((await deliverDue(fx.ctx, fx.clock.now(), options)).claimed).toBe(0);

    await updateWebhook(fx.ctx, webhook.id, { url: receiver.url }, CLI_PRINCIPAL);
    const retried = await retryDelivery(fx.ctx, dead!.id, CLI_PRINCIPAL);
    expect(retried).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await deliverDue(fx.ctx, fx.clock.now(), options)).delivered).toBe(1);
    await expect(retryDelivery(fx.ctx, dead!.id, CLI_PRINCIPAL)).rejects.toMatchObject({
      code: 'delivery_not_retryable',
    });
  });

  it('follows no redirect: a 3xx is the receiver’s answer, and a failed attempt', async () => {
    await newWebhook(fx.ctx, { url: receiver.url });
    await publishNow();
    receiver.answer(307);
    const run = await deliverDue(fx.ctx, fx.clock.now(), options);
    expect(run).toMatchObject({ claimed: 1, delivered: 0, failed: 1 });
    expect(receiver.received).toHaveLength(1);
    const [failed] = (await listDeliveries(fx.ctx, { status: 'failed' })).items;
    expect(failed).toMatchObject({ lastStatusCode: 307, lastError: 'HTTP 307: receiver says 307' });
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    await newWebhook(fx.ctx, { url: receiver.url });
    await publishNow();
    receiver.answer('hang');
    const run = await deliverDue(fx.ctx, fx.clock.now(), { ...options, timeoutMs: 200 });
    expect(run.failed).toBe(1);
    const [failed] = (await listDeliveries(fx.ctx, { status: 'failed' })).items;
    expect(failed!.lastError).toBe('timed out after 200 ms');
  });

  it('sends each delivery once when two senders claim at the same time', async () => {
    await newWebhook(fx.ctx, { url: receiver.url });
    for (let i = 0; i < 6; i++) await publishNow();
    const runs = await Promise.all([
      deliverDue(fx.ctx, fx.clock.now(), { ...options, limit: 4 }),
      deliverDue(fx.ctx, fx.clock.now(), { ...options, limit: 4 }),
    ]);
    expect(runs.map((r) => r.claimed).reduce((a, b) => a + b)).toBe(6);
    const ids = receiver.received.map((r) => r.headers['servio-delivery']);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toHaveLength(6);
  });

  it('takes the first due of each receiver, so that one receiver’s backlog does not hold back another’s', async () => {
    const backlogged = await newWebhook(fx.ctx, { url: receiver.url });
    for (let i = 0; i < 6; i++) await publishNow();
    fx.clock.advance(1_000);
    const other = await newWebhook(fx.ctx, { url: receiver.url });
    await publishNow();
    const slice = { ...options, limit: 4, perReceiver: 3 };

    const first = await deliverDue(fx.ctx, fx.clock.now(), slice);
    expect(first).toMatchObject({ claimed: 4, delivered: 4, more: true });
    const delivered = async (subscriptionId: string) =>
      (await listDeliveries(fx.ctx, { subscriptionId, status: 'delivered' })).items.length;
    expect(await delivered(other.webhook.id)).toBe(1);
    expect(await delivered(backlogged.webhook.id)).toBe(3);

    // A receiver at its share reports more; the slices go on until nothing is due, each sent once.
    const second = await deliverDue(fx.ctx, fx.clock.now(), slice);
    expect(second).toMatchObject({ claimed: 3, more: true });
    expect(await deliverDue(fx.ctx, fx.clock.now(), slice)).toMatchObject({ claimed: 1, more: false });
    expect(await delivered(backlogged.webhook.id)).toBe(7);
    const ids = receiver.received.map((r) => r.headers['servio-delivery']);
    expect(new Set(ids).size).toBe(8);
    expect(ids).toHaveLength(8);
  });

  it('records a slice’s answered attempts without waiting for a receiver that hangs, and sends that receiver nothing more until it answers', async () => {
    const slow = await startWebhookReceiver();
    try {
      const hanging = await newWebhook(fx.ctx, { url: slow.url });
      const fast = await newWebhook(fx.ctx, { url: receiver.url });
      slow.fallback = 'hang';
      await publishNow();
      const slice = { ...options, timeoutMs: 1_500, settleMs: 100 };
      const statuses = async (subscriptionId: string) =>
        (await listDeliveries(fx.ctx, { subscriptionId })).items.map((d) => d.status).sort();

      expect(await deliverDue(fx.ctx, fx.clock.now(), slice)).toMatchObject({
        claimed: 2,
        delivered: 1,
        failed: 0,
        unsettled: 1,
      });
      expect(await statuses(fast.webhook.id)).toEqual(['delivered']);
      // The next slice sends the fast receiver's new delivery at once, and none to the one that hangs.
      await publishNow();
      expect(await deliverDue(fx.ctx, fx.clock.now(), slice)).toMatchObject({ claimed: 1, delivered: 1 });
      expect(slow.received).toHaveLength(1);
      expect(await statuses(fast.webhook.id)).toEqual(['delivered', 'delivered']);

      // The hung attempt is recorded once it times out; then the receiver's next delivery is due.
      await settleDeliveries(fx.ctx);
      const hung = (await listDeliveries(fx.ctx, { subscriptionId: hanging.webhook.id })).items;
      expect(hung.map((d) => [d.status, d.attempts, d.lastError])).toEqual(
        expect.arrayContaining([
          ['failed', 1, 'timed out after 1500 ms'],
          ['pending', 0, null],
        ]),
      );
      slow.fallback = 200;
      expect(await deliverDue(fx.ctx, fx.clock.now(), slice)).toMatchObject({ claimed: 1, delivered: 1 });
      expect(await statuses(hanging.webhook.id)).toEqual(['delivered', 'failed']);
    } finally {
      await slow.close();
    }
  });

  it('holds deliveries of an inactive subscription until it is active again', async () => {
    const { webhook } = await newWebhook(fx.ctx, { url: receiver.url });
    await publishNow();
    await updateWebhook(fx.ctx, webhook.id, { active: false }, CLI_PRINCIPAL);
    expect((await deliverDue(fx.ctx, fx.clock.now(), options)).claimed).toBe(0);
    await expect(testWebhook(fx.ctx, webhook.id, CLI_PRINCIPAL)).rejects.toBeInstanceOf(ConflictError);
    await updateWebhook(fx.ctx, webhook.id, { active: true }, CLI_PRINCIPAL);
    expect((await deliverDue(fx.ctx, fx.clock.now(), options)).delivered).toBe(1);
  });

  it('sends a test to that subscription only, signed with the rotated secret', async () => {
    const { webhook } = await newWebhook(fx.ctx, { url: receiver.url, format: 'slack' });
    await newWebhook(fx.ctx, { url: receiver.url, events: ['*'] });
    const { secret } = await rotateWebhookSecret(fx.ctx, webhook.id, CLI_PRINCIPAL);
    const delivery = await testWebhook(fx.ctx, webhook.id, CLI_PRINCIPAL);
    expect(delivery).toMatchObject({ subscriptionId: webhook.id, type: 'webhook.test', status: 'pending' });
    await deliverDue(fx.ctx, fx.clock.now(), options);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const body = JSON.parse(request!.body);
    expect(body.text).toContain(receiver.url);
    expect(body.blocks[0].type).toBe('section');
    const timestamp = Number(request!.headers['servio-timestamp']);
    expect(
      verifySignature(
        secret,
        String(request!.headers['servio-signature']),
        timestamp,
        request!.body,
        timestamp,
      ),
    ).toBe(true);
  });

  it('names a bad URL and bad patterns, and never lists the secret', async () => {
    await expect(
      createWebhook(fx.ctx, { url: 'file:///etc/passwd', events: ['lead.*', 'LEAD'] }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({ issues: [{ path: '/url' }, { path: '/events/1' }] });
    const { webhook, secret } = await newWebhook(fx.ctx);
    expect(secret).toMatch(/^whsec_/);
    expect(webhook.secretPrefix).toBe(secret.slice(0, 14));
    const listed = JSON.stringify(await listWebhooks(fx.ctx, {}));
    expect(listed).toContain(webhook.id);
    expect(listed).not.toContain(secret);
  });
});
