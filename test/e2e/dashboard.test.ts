import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf } from '../../src/access/index.js';
import { buildServer } from '../../src/api/index.js';
import { useApi } from '../support/api.js';
import { forEachStore, type StoreFixture } from '../support/stores.js';

/** The API over `fixture` with the dashboard read from `dir`. */
function serveDashboard(fixture: StoreFixture, dir: () => string) {
  let server: FastifyInstance | undefined;
  let url = '';
  beforeAll(async () => {
    server = await buildServer(fixture.ctx, { dashboardDir: dir() });
    url = await server.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });
  return { get: (pathname: string, init?: RequestInit) => fetch(`${url}${pathname}`, init) };
}

forEachStore('dashboard and /v1/me', (fx) => {
  const api = useApi(fx);

  it('tells a key who it is: role, user and what the role may do', async () => {
    const me = await api.call('GET', '/v1/me', { key: api.keys.marketing });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      kind: 'api_key',
      role: 'marketing',
      userId: null,
      name: 'test marketing',
    });
    expect(me.body.permissions).toEqual([...permissionsOf('marketing')]);
    expect(me.body.permissions).not.toContain('sales:write');
    expect((await api.call('GET', '/v1/me', { key: null })).status).toBe(401);
  });

  describe('with a built dashboard', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'servio-dashboard-'));
      await writeFile(
        path.join(dir, 'index.html'),
        '<!doctype html><title>Servio Align</title><div id="root"></div>',
      );
      await writeFile(path.join(dir, 'app.js'), 'console.log("app")');
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const web = serveDashboard(fx, () => dir);

    it('serves the app at / and its files, without a key', async () => {
      const home = await web.get('/');
      expect(home.status).toBe(200);
      expect(home.headers.get('content-type')).toContain('text/html');
      expect(await home.text()).toContain('<div id="root">');
      const script = await web.get('/app.js');
      expect(script.status).toBe(200);
      expect(await script.text()).toContain('console.log');
    });

    it("answers a page's URL with the app, so a reload of /queue works", async () => {
      const page = await web.get('/queue');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    });

    it('never shadows the API: unknown API paths and missing files keep the 404 problem', async () => {
      for (const pathname of ['/v1/nothing-here', '/v1', '/health/deep', '/docs/x.unknown', '/missing.js']) {
        const response = await web.get(pathname);
        expect(response.status, pathname).toBe(404);
        expect(response.headers.get('content-type'), pathname).toContain('application/problem+json');
      }
      expect((await web.get('/health')).status).toBe(200);
      expect((await web.get('/openapi.json')).status).toBe(200);
      expect((await web.get('/v1/people')).status).toBe(401);
    });
  });

  describe('without a built dashboard', () => {
    const web = serveDashboard(fx, () => path.join(os.tmpdir(), 'servio-no-dashboard-here'));

    it('says at / how to build it, and the API still works', async () => {
      const home = await web.get('/');
      expect(home.status).toBe(503);
      expect(await home.text()).toContain('npm run build');
      expect((await web.get('/sla')).status).toBe(503);
      expect((await web.get('/health')).status).toBe(200);
    });
  });
});
