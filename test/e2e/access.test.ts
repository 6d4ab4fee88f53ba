import { expect, it } from 'vitest';
import { API_KEY_CACHE_MS } from '../../src/access/service.js';
import { useApi } from '../support/api.js';
import { forEachStore } from '../support/stores.js';

forEachStore('API access', (fx) => {
  const api = useApi(fx);

  it('answers /health without a key', async () => {
    const res = await api.call('GET', '/health', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', store: fx.kind });
  });

  it('refuses a route without a key with a 401 problem', async () => {
    const res = await api.call('GET', '/v1/keys', { key: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('refuses an unknown key with 401', async () => {
    const res = await api.call('GET', '/v1/keys', { key: 'sk_not-a-key' });
    expect(res.status).toBe(401);
  });

  it('refuses a role without the permission with 403', async () => {
    const res = await api.call('GET', '/v1/keys', { key: api.keys.marketing });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'forbidden', role: 'marketing', permission: 'keys:manage' });
  });

  it('creates a key whose secret works once shown, and revokes it', async () => {
    const created = await api.call('POST', '/v1/keys', { body: { name: 'website', role: 'marketing' } });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^sk_/);
    const listed = await api.call('GET', '/v1/keys');
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect((await api.call('GET', '/v1/people', { key: secret })).status).not.toBe(401);
    expect((await api.call('DELETE', `/v1/keys/${created.body.key.id}`)).status).toBe(200);
    expect((await api.call('GET', '/health', { key: secret })).status).toBe(200);
    expect((await api.call('GET', '/v1/keys', { key: secret })).status).toBe(401);
  });

  it("records a key's last use at most once a minute", async () => {
    const created = await api.call('POST', '/v1/keys', { body: { name: 'crm sync', role: 'marketing' } });
    const secret: string = created.body.secret;
    const lastUsed = async () =>
      (await api.call('GET', '/v1/keys')).body.items.find((k: { id: string }) => k.id === created.body.key.id)
        .lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const first = fx.clock.now().toISOString();
    await api.call('GET', '/v1/people', { key: secret });
    expect(await lastUsed()).toBe(first);
    fx.clock.advance(59_000);
    await api.call('GET', '/v1/people', { key: secret });
    expect(await lastUsed()).toBe(first);
    fx.clock.advance(1_000);
    await api.call('GET', '/v1/people', { key: secret });
    expect(await lastUsed()).toBe(first);
    fx.clock.advance(1);
    await api.call('GET', '/v1/people', { key: secret });
    expect(await lastUsed()).toBe(fx.clock.now().toISOString());
  });

  it('trusts a key it read for a second: a revocation elsewhere holds from then on, one here at once', async () => {
    const created = await api.call('POST', '/v1/keys', { body: { name: 'form', role: 'marketing' } });
    const secret: string = created.body.secret;
    expect((await api.call('GET', '/v1/people', { key: secret })).status).toBe(200);
    // Revoked by another process (the CLI, another server): this one learns it within the second.
    await fx.ctx.db
      .updateTable('api_keys')
      .set({ revoked_at: fx.clock.now() })
      .where('id', '=', created.body.key.id)
      .execute();
    fx.clock.advance(API_KEY_CACHE_MS - 1);
    expect((await api.call('GET', '/v1/people', { key: secret })).status).toBe(200);
    fx.clock.advance(1);
    expect((await api.call('GET', '/v1/people', { key: secret })).status).toBe(401);

    // Revoked through this server: refused at once.
    const other = await api.call('POST', '/v1/keys', { body: { name: 'crm', role: 'marketing' } });
    expect((await api.call('GET', '/v1/people', { key: other.body.secret })).status).toBe(200);
    expect((await api.call('DELETE', `/v1/keys/${other.body.key.id}`)).status).toBe(200);
    expect((await api.call('GET', '/v1/people', { key: other.body.secret })).status).toBe(401);
  });

  it('names the bad field of a key request', async () => {
    const res = await api.call('POST', '/v1/keys', { body: { name: 'x', role: 'boss', extra: 1 } });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/body/role');
    expect(paths).toContain('/body/extra');
  });

  it('requires a user for a sales_rep key', async () => {
    const res = await api.call('POST', '/v1/keys', { body: { name: 'rep', role: 'sales_rep' } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('/userId');
  });

  it('serves the OpenAPI document and the docs without a key', async () => {
    const doc = await api.call('GET', '/openapi.json', { key: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/v1/keys');
    const docs = await fetch(`${api.url}/docs/`);
    expect(docs.status).toBe(200);
  });

  it('answers an unknown route with a problem', async () => {
    const res = await api.call('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('route_not_found');
  });

  it('replays a write sent again with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'create-key-1' };
    const first = await api.call('POST', '/v1/keys', { body: { name: 'crm', role: 'revops' }, headers });
    const again = await api.call('POST', '/v1/keys', { body: { name: 'crm', role: 'revops' }, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.key.id).toBe(first.body.key.id);
    const other = await api.call('POST', '/v1/keys', { body: { name: 'other', role: 'revops' }, headers });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('documents every route with a summary and its schemas', async () => {
    const doc = (await api.call('GET', '/openapi.json', { key: null })).body;
    const paths = Object.keys(doc.paths);
    for (const expected of [
      '/v1/events',
      '/v1/people',
      '/v1/people/{id}',
      '/v1/people/{id}/transitions',
      '/v1/accounts',
      '/v1/users',
      '/v1/teams',
      '/v1/campaigns',
      '/v1/activities',
      '/v1/opportunities',
      '/v1/keys',
      '/health',
    ]) {
      expect(paths).toContain(expected);
    }
    for (const [path, methods] of Object.entries(
      doc.paths as Record<
        string,
        Record<string, { summary?: string; responses?: object; requestBody?: object }>
      >,
    )) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation.summary, `${method} ${path}`).toBeTruthy();
        expect(Object.keys(operation.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
        if (method === 'post' && path !== '/v1/imports/people')
          expect(operation.requestBody, `${method} ${path}`).toBeDefined();
      }
    }
  });
});

forEachStore('request size limits', (fx) => {
  it('refuses a body over the configured limit with a 413 problem', async () => {
    const { buildServer } = await import('../../src/api/index.js');
    const { createApiKey, CLI_PRINCIPAL } = await import('../../src/access/index.js');
    const { testConfig } = await import('../support/stores.js');
    const server = await buildServer({ ...fx.ctx, config: testConfig({ SERVIO_BODY_LIMIT_BYTES: '2048' }) });
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { secret } = await createApiKey(fx.ctx, { name: 'limit', role: 'admin' }, CLI_PRINCIPAL);
      const res = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          events: [{ eventId: 'big', type: 'page_view', visitorId: 'x'.repeat(5000) }],
        }),
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { code: string }).code).toBe('body_too_large');
    } finally {
      await server.close();
    }
  });
});
