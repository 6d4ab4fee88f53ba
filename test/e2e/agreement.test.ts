import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_AGREEMENT } from '../../src/agreement/index.js';
import { useApi } from '../support/api.js';
import { newUser, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const YAML = { 'content-type': 'text/yaml' };

forEachStore('agreement API', (fx) => {
  const api = useApi(fx);

  async function yamlOf(path: string) {
    const res = await api.call('GET', path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/yaml/);
    return res.body as string;
  }

  async function propose(threshold: number, key = api.keys.marketing) {
    const document = structuredClone(DEFAULT_AGREEMENT);
    document.scoring.threshold = threshold;
    const res = await api.call('POST', '/v1/agreement/versions', {
      key,
      body: { document, summary: `threshold ${threshold}` },
    });
    expect(res.status).toBe(201);
    return res.body.version as number;
  }

  it("serves the seed's agreement as version 1, in JSON, YAML and as the SLA document", async () => {
    const res = await api.call('GET', '/v1/agreement', { key: api.keys.sales_manager });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, status: 'active', proposedBy: { type: 'system' } });
    expect(res.body.document).toEqual(DEFAULT_AGREEMENT);
    const demo = res.body.document.scoring.rules.find((r: { id: string }) => r.id === 'demo_request');
    expect(demo).toMatchObject({ points: 25, label: 'Demo request: submitted demo/trial form' });
    expect(res.body.document.disqualificationCodes.map((d: { code: string }) => d.code)).toEqual([
      'DQ-01',
      'DQ-02',
      'DQ-03',
      'DQ-04',
      'DQ-05',
      'DQ-06',
      'DQ-07',
    ]);
    expect(res.body.document.reQueueRules[0]).toEqual({
      condition: 'Sales cannot reach after 6 attempts over 14 days',
      action: 'Return to marketing nurture; re-enter MQL queue if score rises again',
    });

    const text = await yamlOf('/v1/agreement.yaml');
    expect(parse(text)).toEqual(res.body.document);
    expect(await yamlOf('/v1/agreement?format=yaml')).toBe(text);

    const markdown = await api.call('GET', '/v1/agreement/document');
    expect(markdown.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(markdown.body).toContain('| Demographic fit | Company size matches ICP: 50-500 employees | +15 |');
    expect(markdown.body).toContain('| Behavioral signal | Pricing page visit: viewed pricing page | +15 |');
    expect(markdown.body).toContain('| Negative signal | Unsubscribed: opted out of email | -30 |');
    expect(markdown.body).toContain('**MQL threshold:** 50 points');
  });

  it('renders the SLA document as Markdown or as a standalone HTML page', async () => {
    const md = await api.call('GET', '/v1/agreement/document?format=md', { key: api.keys.sales_manager });
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(md.body).toContain('| Opportunities needed | win rate 25% | 160 | 54 |');
    expect(md.body).toContain('- **Required pipeline coverage:** 4x (1 / the win rate of 25%).');
    const html = await api.call('GET', '/v1/agreement/document?format=html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.body).toMatch(/^<!doctype html>/);
    expect(html.body).toContain('<h2>Escalation process</h2>');
    expect(html.body).toContain('<td>Second escalation</td><td>VP level</td><td>48 hours</td>');
    expect((await api.call('GET', '/v1/agreement/document?format=pdf')).status).toBe(400);
  });

  it('validates JSON and YAML documents, naming each bad path', async () => {
    const good = await api.call('POST', '/v1/agreement/validate', { body: { document: DEFAULT_AGREEMENT } });
    expect(good.body).toEqual({ valid: true, errors: [] });
    const text = (await yamlOf('/v1/agreement.yaml')).replace('points: 25', 'points: 2500');
    const bad = await api.call('POST', '/v1/agreement/validate', { rawBody: text, headers: YAML });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.errors).toEqual([
      { path: '/scoring/rules/5/points', message: expect.stringMatching(/^must be <= 1000 \(line \d+\)$/) },
    ]);
    const broken = await api.call('POST', '/v1/agreement/validate', {
      rawBody: 'name: [oops\n',
      headers: YAML,
    });
    expect(broken.body.errors[0].message).toMatch(/^YAML syntax error at line \d+, column \d+/);
  });

  it('refuses an invalid proposal with 422 and the path of every bad field', async () => {
    const document = structuredClone(DEFAULT_AGREEMENT) as any;
    document.scoring.rules[3].points = 5000;
    document.scoring.rules[0].when[0].matchesAny.push('(unclosed');
    const res = await api.call('POST', '/v1/agreement/versions', { body: { document } });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      '/document/scoring/rules/3/points',
      '/document/scoring/rules/0/when/0/matchesAny/7',
    ]);
    const yaml = await api.call('POST', '/v1/agreement/versions', {
      rawBody: 'name: x\nfunnel: {}\n',
      headers: YAML,
    });
    expect(yaml.status).toBe(422);
    expect(yaml.body.errors.map((e: { path: string }) => e.path)).toContain('/funnel/tqlEnabled');
    const rep = await api.call('POST', '/v1/agreement/versions', {
      key: await api.repKey((await newUser(fx.ctx)).id),
      body: { document: DEFAULT_AGREEMENT },
    });
    expect(rep.status).toBe(403);
  });

  it('takes a proposal into effect once marketing and sales have both approved it', async () => {
    const text = (await yamlOf('/v1/agreement.yaml')).replace('threshold: 50', 'threshold: 55');
    const proposed = await api.call('POST', '/v1/agreement/versions?summary=Raise%20the%20bar', {
      key: api.keys.marketing,
      rawBody: text,
      headers: YAML,
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({
      status: 'proposed',
      summary: 'Raise the bar',
      proposedBy: { name: 'test marketing' },
    });
    const version = proposed.body.version as number;
    expect(version).toBe(2);

    const marketing = await api.call('POST', `/v1/agreement/versions/${version}/approve`, {
      key: api.keys.marketing,
    });
    expect(marketing.status).toBe(200);
    expect(marketing.body).toMatchObject({
      status: 'proposed',
      approvals: { marketing: { name: 'test marketing' }, sales: null },
    });
    expect((await api.call('GET', '/v1/agreement')).body.version).toBe(1);

    const sales = await api.call('POST', `/v1/agreement/versions/${version}/approve`, {
      key: api.keys.sales_manager,
      body: { side: 'sales' },
    });
    expect(sales.body).toMatchObject({
      status: 'active',
      approvals: { sales: { name: 'test sales_manager' } },
    });
    const active = await api.call('GET', '/v1/agreement');
    expect(active.body).toMatchObject({ version, document: { scoring: { threshold: 55 } } });
    expect((await api.call('GET', '/v1/agreement/versions/1')).body.status).toBe('superseded');
    const again = await api.call('POST', `/v1/agreement/versions/${version}/approve`, {
      body: { side: 'marketing' },
    });
    expect(again.status).toBe(409);
    const versions = await api.call('GET', '/v1/agreement/versions');
    expect(
      versions.body.items.map((v: { version: number; status: string }) => [v.version, v.status]),
    ).toEqual([
      [2, 'active'],
      [1, 'superseded'],
    ]);
    expect(versions.body.items[0].document).toBeUndefined();
  });

  it('holds each side to its own approver, and one approver to one side', async () => {
    const version = await propose(61);
    const wrongSide = await api.call('POST', `/v1/agreement/versions/${version}/approve`, {
      key: api.keys.marketing,
      body: { side: 'sales' },
    });
    expect(wrongSide.status).toBe(403);
    const noSide = await api.call('POST', `/v1/agreement/versions/${version}/approve`, { body: {} });
    expect(noSide.status).toBe(422);
    expect(noSide.body.errors).toEqual([{ path: '/side', message: expect.stringContaining('is required') }]);
    const admin = await api.call('POST', `/v1/agreement/versions/${version}/approve`, {
      body: { side: 'marketing' },
    });
    expect(admin.status).toBe(200);
    const twice = await api.call('POST', `/v1/agreement/versions/${version}/approve`, {
      body: { side: 'sales' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('agreement_same_approver');
    const revops = await api.call('POST', `/v1/agreement/versions/${version}/approve`, {
      key: api.keys.revops,
      body: { side: 'sales' },
    });
    expect(revops.body.status).toBe('active');
  });

  it('lets either side reject a proposal with a reason', async () => {
    const version = await propose(99);
    const noReason = await api.call('POST', `/v1/agreement/versions/${version}/reject`, {
      key: api.keys.sales_manager,
      body: {},
    });
    expect(noReason.status).toBe(400);
    const rejected = await api.call('POST', `/v1/agreement/versions/${version}/reject`, {
      key: api.keys.sales_manager,
      body: { reason: 'Nobody would ever qualify' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'Nobody would ever qualify' },
    });
    const approve = await api.call('POST', `/v1/agreement/versions/${version}/approve`, {
      key: api.keys.marketing,
    });
    expect(approve.status).toBe(409);
    expect((await api.call('GET', '/v1/agreement/versions/9999')).status).toBe(404);
  });

  it('numbers concurrent proposals apart', async () => {
    const versions = await Promise.all([70, 71, 72, 73].map((t) => propose(t)));
    expect(new Set(versions).size).toBe(4);
  });

  it('documents the routes in OpenAPI', async () => {
    const res = await api.call('GET', '/openapi.json', { key: null });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/agreement',
        '/v1/agreement/versions',
        '/v1/agreement/versions/{version}/approve',
      ]),
    );
  });
});

for (const kind of inject('stores')) {
  describe(`servio agreement [${kind}]`, () => {
    const cli = useCli(kind);
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'servio-agreement-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('exports, validates, imports, approves from both sides and shows the new version', async () => {
      const shown = await cli.run('agreement', 'show');
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain('version 1 (active)');
      expect(shown.stdout).toContain('DQ-07');

      const file = path.join(dir, 'agreement.yaml');
      expect((await cli.run('agreement', 'export', '--file', file)).code).toBe(0);
      const text = await readFile(file, 'utf8');
      expect(parse(text)).toEqual(DEFAULT_AGREEMENT);
      await writeFile(file, text.replace('threshold: 50', 'threshold: 45'));
      const valid = await cli.run('agreement', 'validate', '--file', file);
      expect(valid.code).toBe(0);

      const imported = await cli.run(
        '--json',
        'agreement',
        'import',
        '--file',
        file,
        '--summary',
        'Lower the bar',
        '--as',
        'Maria',
      );
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({
        version: 2,
        status: 'proposed',
        proposedBy: { name: 'Maria' },
      });

      const marketing = await cli.run('agreement', 'approve', '2', '--side', 'marketing', '--as', 'Maria');
      expect(marketing.stdout).toContain('waiting for the other side');
      const same = await cli.run('agreement', 'approve', '2', '--side', 'sales', '--as', 'maria');
      expect(same.code).toBe(2);
      expect(same.stderr).toContain('already approved the marketing side');
      const sales = await cli.run('agreement', 'approve', '2', '--side', 'sales', '--as', 'Sam');
      expect(sales.code).toBe(0);
      expect(sales.stdout).toContain('now in effect');

      const json = JSON.parse((await cli.run('--json', 'agreement', 'show')).stdout);
      expect(json).toMatchObject({
        version: 2,
        approvals: { marketing: { name: 'Maria', id: null }, sales: { name: 'Sam', id: null } },
        document: { scoring: { threshold: 45 } },
      });
      const old = await cli.run('agreement', 'export', '1');
      expect(parse(old.stdout).scoring.threshold).toBe(50);
      const versions = await cli.run('agreement', 'versions');
      expect(versions.stdout).toMatch(/2\s+active/);
      expect(versions.stdout).toMatch(/1\s+superseded/);
      const markdown = await cli.run('agreement', 'document');
      expect(markdown.stdout).toContain(
        '| Behavioral signal | Demo request: submitted demo/trial form | +25 |',
      );
    });

    it('exits 2 with each bad path on stderr for an invalid file, and rejects with a reason', async () => {
      const file = path.join(dir, 'bad.yaml');
      const text = (await cli.run('agreement', 'export')).stdout;
      await writeFile(
        file,
        text.replace('threshold: 45', 'threshold: 0').replace('code: DQ-02', 'code: DQ-01'),
      );
      const invalid = await cli.run('agreement', 'validate', '--file', file);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(/\/scoring\/threshold: must be >= 1 \(line \d+\)/);
      expect(invalid.stderr).toContain('/disqualificationCodes/1/code');
      expect((await cli.run('agreement', 'import', '--file', file)).code).toBe(2);
      expect((await cli.run('agreement', 'validate', '--file', path.join(dir, 'missing.yaml'))).code).toBe(2);

      await writeFile(file, text);
      const imported = JSON.parse((await cli.run('--json', 'agreement', 'import', '--file', file)).stdout);
      const rejected = await cli.run(
        'agreement',
        'reject',
        String(imported.version),
        '--reason',
        'No change',
        '--as',
        'Sam',
      );
      expect(rejected.code).toBe(0);
      expect(
        (await cli.run('agreement', 'approve', String(imported.version), '--side', 'sales', '--as', 'Sam'))
          .code,
      ).toBe(2);
      expect((await cli.run('agreement', 'approve', 'two', '--side', 'sales', '--as', 'Sam')).code).toBe(2);
      expect((await cli.run('agreement', 'approve', '2', '--side', 'finance', '--as', 'Sam')).code).toBe(2);
    });

    it('renders the version in force as the SLA document, in Markdown and as an HTML page, with its signatures', async () => {
      const md = await cli.run('agreement', 'render', '--format', 'md');
      expect(md.code).toBe(0);
      expect(md.stdout).toContain('| MQLs needed | MQL-to-SQL rate 60% | 534 | 178 |');
      expect(md.stdout).toMatch(/\| Marketing \| Maria \| \d{4}-\d{2}-\d{2} \|/);
      expect(md.stdout).toMatch(/\| Sales \| Sam \| \d{4}-\d{2}-\d{2} \|/);
      expect(md.stdout).toContain('| First escalation | Team lead | 24 hours |');

      const file = path.join(dir, 'sla.html');
      expect((await cli.run('agreement', 'render', '1', '--format', 'html', '--file', file)).code).toBe(0);
      const html = await readFile(file, 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('<h2>Review and amendment</h2>');
      expect(html).toContain('<td>Marketing</td><td>not yet signed</td>');

      const bad = await cli.run('agreement', 'render', '--format', 'pdf');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--format must be one of md, html');
    });
  });
}
