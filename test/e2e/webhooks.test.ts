import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { HOUR } from '../../src/core/index.js';
import { runOnce } from '../../src/jobs/index.js';
import { deliveryJob, MAX_ATTEMPTS, publish, verifySignature } from '../../src/notify/index.js';
import { useApi } from '../support/api.js';
import { newUser, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhooks.js';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

forEachStore('API webhooks', (fx) => {
  const api = useApi(fx);
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  afterEach(async () => {
    await fx.ctx.db.deleteFrom('webhook_subscriptions').execute();
    receiver.received.length = 0;
  });

  /** What another capability does: publish inside its own transaction. */
  const publishRouted = (personId = 'per_ada') =>
    fx.ctx.db.transaction().execute((trx) =>
      publish(trx, fx.ctx.ids, fx.clock.now(), {
        type: 'lead.routed',
        text: 'Ada Lovelace routed to Grace Hopper',
        subject: { personId, userId: 'usr_grace' },
        data: { rule: 'territory-emea', score: 71 },
      }),
    );
  const deliver = () => runOnce(fx.ctx, deliveryJob);

  it('delivers a published notification to a subscription made through the API, signed', async () => {
    const created = await api.call('POST', '/v1/webhooks', {
      body: { url: receiver.url, events: ['lead.*'], description: 'CRM sync' },
      key: api.keys.revops,
    });
    expect(created.status).toBe(201);
    const { webhook, secret } = created.body;
    expect(webhook).toMatchObject({ url: receiver.url, events: ['lead.*'], format: 'json', active: true });
    const read = await api.call('GET', `/v1/webhooks/${webhook.id}`);
    expect(read.body).toEqual(webhook);
    expect(JSON.stringify(read.body)).not.toContain(secret);

    const outboxId = await publishRouted();
    expect(await deliver()).toBe(false);
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    const timestamp = Number(headers['servio-timestamp']);
    expect(timestamp).toBe(Math.floor(fx.clock.now().getTime() / 1000));
    expect(verifySignature(secret, String(headers['servio-signature']), timestamp, body, timestamp)).toBe(
      true,
    );
    expect(headers['servio-event']).toBe('lead.routed');
    expect(JSON.parse(body)).toMatchObject({
      id: outboxId,
      deliveryId: headers['servio-delivery'],
      type: 'lead.routed',
      subject: { personId: 'per_ada', userId: 'usr_grace' },
      data: { rule: 'territory-emea', score: 71 },
    });

    const log = await api.call('GET', `/v1/webhooks/${webhook.id}/deliveries`);
    expect(log.body.items).toEqual([
      expect.objectContaining({ id: headers['servio-delivery'], status: 'delivered', lastStatusCode: 200 }),
    ]);
    const outbox = await api.call('GET', '/v1/outbox?type=lead.routed&personId=per_ada');
    expect(outbox.body.items.map((e: { id: string }) => e.id)).toContain(outboxId);
  });

  it('retries a 500 with the same delivery id once the backoff has passed', async () => {
    const { body } = await api.call('POST', '/v1/webhooks', { body: { url: receiver.url, events: ['*'] } });
    await publishRouted();
    receiver.answer(500);
    await deliver();
    const failed = await api.call('GET', `/v1/webhooks/${body.webhook.id}/deliveries?status=failed`);
    expect(failed.body.items).toEqual([expect.objectContaining({ attempts: 1, lastStatusCode: 500 })]);
    await deliver();
    expect(receiver.received).toHaveLength(1);
    fx.clock.advance(40_000);
    await deliver();
    const ids = receiver.received.map((r) => r.headers['servio-delivery']);
    expect(ids).toEqual([failed.body.items[0].id, failed.body.items[0].id]);
    const done = await api.call('GET', `/v1/webhooks/${body.webhook.id}/deliveries?status=delivered`);
    expect(done.body.items).toEqual([expect.objectContaining({ attempts: 2, lastStatusCode: 200 })]);
  });

  it('shows a delivery dead after the last attempt, and the retry endpoint sends it again', async () => {
    const { body } = await api.call('POST', '/v1/webhooks', {
      body: { url: receiver.url, events: ['lead.routed'], format: 'slack' },
    });
    await publishRouted();
    receiver.fallback = 503;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliver();
      fx.clock.advance(15 * HOUR); // past the longest step (12 h) with its jitter (+20 %)
    }
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    const dead = await api.call('GET', `/v1/webhooks/${body.webhook.id}/deliveries?status=dead`);
    expect(dead.body.items).toEqual([
      expect.objectContaining({ attempts: MAX_ATTEMPTS, lastStatusCode: 503, nextAttemptAt: null }),
    ]);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      text: 'Ada Lovelace routed to Grace Hopper',
    });

    receiver.fallback = 200;
    const retried = await api.call('POST', `/v1/deliveries/${dead.body.items[0].id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
    await deliver();
    expect(
      (await api.call('GET', `/v1/webhooks/${body.webhook.id}/deliveries?status=delivered`)).body.items,
    ).toHaveLength(1);
    const again = await api.call('POST', `/v1/deliveries/${dead.body.items[0].id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'delivery_not_retryable' });
    expect((await api.call('POST', '/v1/deliveries/dlv_nope/retry')).status).toBe(404);
  });

  it('changes, tests, rotates and removes a subscription', async () => {
    const { body } = await api.call('POST', '/v1/webhooks', {
      body: { url: receiver.url, events: ['sla.*'] },
    });
    const id = body.webhook.id;
    const patched = await api.call('PATCH', `/v1/webhooks/${id}`, {
      body: { events: ['sla.breached', 'lead.handoff'], description: 'paging' },
    });
    expect(patched.body).toMatchObject({
      events: ['sla.breached', 'lead.handoff'],
      description: 'paging',
      url: receiver.url,
    });

    const rotated = await api.call('POST', `/v1/webhooks/${id}/rotate-secret`);
    expect(rotated.body.secret).not.toBe(body.secret);
    expect((await api.call('POST', `/v1/webhooks/${id}/test`, { body: { to: 'x' } })).status).toBe(400);
    const test = await api.call('POST', `/v1/webhooks/${id}/test`);
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ type: 'webhook.test', status: 'pending', subscriptionId: id });
    await deliver();
    const { headers, body: sent } = receiver.received[0]!;
    const timestamp = Number(headers['servio-timestamp']);
    const signature = String(headers['servio-signature']);
    expect(verifySignature(rotated.body.secret, signature, timestamp, sent, timestamp)).toBe(true);
    expect(verifySignature(body.secret, signature, timestamp, sent, timestamp)).toBe(false);

    expect((await api.call('DELETE', `/v1/webhooks/${id}`)).status).toBe(200);
    expect((await api.call('GET', `/v1/webhooks/${id}`)).status).toBe(404);
    expect((await api.call('GET', `/v1/webhooks/${id}/deliveries`)).status).toBe(404);
  });

  it('names a non-http URL and a bad pattern (422), an unknown field (400)', async () => {
    const bad = await api.call('POST', '/v1/webhooks', {
      body: { url: 'ftp://files.example.com/in', events: ['lead.*', 'lead routed'] },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(paths(bad.body)).toEqual(['/url', '/events/1']);
    const unknown = await api.call('POST', '/v1/webhooks', {
      body: { url: receiver.url, events: ['*'], secret: 'mine' },
    });
    expect(unknown.status).toBe(400);
    expect(paths(unknown.body)).toEqual(['/body/secret']);
    const empty = await api.call('POST', '/v1/webhooks', { body: { url: receiver.url, events: [] } });
    expect(empty.status).toBe(400);
  });

  it('lets admin and revops manage webhooks, nobody else, and lists them in OpenAPI', async () => {
    const body = { url: receiver.url, events: ['*'] };
    expect((await api.call('POST', '/v1/webhooks', { body, key: api.keys.marketing })).status).toBe(403);
    expect((await api.call('GET', '/v1/webhooks', { key: api.keys.sales_manager })).status).toBe(403);
    const rep = await newUser(fx.ctx);
    expect((await api.call('GET', '/v1/outbox', { key: await api.repKey(rep.id) })).status).toBe(403);
    expect((await api.call('GET', '/v1/webhooks', { key: null })).status).toBe(401);
    expect((await api.call('GET', '/v1/webhooks', { key: api.keys.revops })).status).toBe(200);
    const openapi = await api.call('GET', '/openapi.json', { key: null });
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/webhooks',
        '/v1/webhooks/{id}/deliveries',
        '/v1/deliveries/{id}/retry',
        '/v1/outbox',
      ]),
    );
  });
});

forEachStore('CLI webhooks', (fx) => {
  const cli = useCli(fx.kind);

  it('adds, lists, shows, tests and removes through `servio webhooks`', async () => {
    const added = await cli.run(
      'webhooks',
      'add',
      '--url',
      'https://hooks.example.com/servio',
      '--events',
      'lead.*,sla.*',
      '--format',
      'slack',
      '--json',
    );
    expect(added.code).toBe(0);
    const { webhook, secret } = JSON.parse(added.stdout);
    expect(webhook).toMatchObject({ events: ['lead.*', 'sla.*'], format: 'slack' });
    expect(secret).toMatch(/^whsec_/);

    const list = await cli.run('webhooks', 'list');
    expect(list.stdout).toContain(webhook.id);
    expect(list.stdout).not.toContain(secret);
    expect((await cli.run('webhooks', 'show', webhook.id)).stdout).toContain('lead.*, sla.*');

    const test = JSON.parse((await cli.run('webhooks', 'test', webhook.id, '--json')).stdout);
    expect(test).toMatchObject({ type: 'webhook.test', status: 'pending' });
    const deliveries = await cli.run('webhooks', 'deliveries', webhook.id, '--status', 'pending');
    expect(deliveries.stdout).toContain(test.id);
    const notRetryable = await cli.run('webhooks', 'retry', test.id);
    expect(notRetryable.code).toBe(2);
    expect(notRetryable.stderr).toContain('only a failed or dead delivery');
    expect((await cli.run('webhooks', 'deliveries', webhook.id, '--status', 'lost')).code).toBe(2);

    const bad = await cli.run('webhooks', 'add', '--url', 'mailto:ops@example.com', '--events', '*');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('/url');

    expect((await cli.run('webhooks', 'remove', webhook.id)).code).toBe(0);
    expect((await cli.run('webhooks', 'show', webhook.id)).code).toBe(2);
  });
});
