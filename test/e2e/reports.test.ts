import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useApi } from '../support/api.js';
import { useCli } from '../support/factories.js';
import { buildReportDataset, REPORT_NOW, type ReportDataset } from '../support/report-fixtures.js';
import { forEachStore } from '../support/stores.js';

// The dataset and its arithmetic: test/support/report-fixtures.ts.
forEachStore('reports API', (fx) => {
  const api = useApi(fx);
  let data: ReportDataset;
  beforeAll(async () => {
    fx.clock.set(REPORT_NOW);
    data = await buildReportDataset(fx.ctx);
  });

  it('serves the shared metrics as JSON to the roles that read reports, and not to reps', async () => {
    const res = await api.call('GET', '/v1/reports/metrics?from=2026-10-01&to=2026-10-31', {
      key: api.keys.marketing,
    });
    expect(res.status).toBe(200);
    const acceptance = res.body.metrics.find((m: { id: string }) => m.id === 'mql_to_sql_acceptance');
    // 4 SQLs / 6 MQLs.
    expect(acceptance).toMatchObject({ display: '66.7%', priorDisplay: '33.3%', status: 'met' });
    const rep = await api.call('GET', '/v1/reports/metrics', { key: await api.repKey(data.userId) });
    expect(rep.status).toBe(403);
    expect(rep.body.detail ?? rep.body.title).toContain('reports:read');
  });

  it('answers in Markdown, HTML or CSV by ?format or the Accept header', async () => {
    const md = await api.call('GET', '/v1/reports/speed-to-lead?from=2026-10-01&to=2026-10-31&format=md');
    expect(md.headers.get('content-type')).toContain('text/markdown');
    // $7,500 per MQL x (0.2 + 0.4 + 0.65 + 2 x 0.9) = $22,875.
    expect(md.body).toContain('Estimated pipeline lost to slow follow-up: $22,875');
    expect(md.body).toContain('| > 24 hours | 10% of expected conversion | 2 | 33.3% | $13,500 |');

    const csv = await api.call('GET', '/v1/reports/funnel?from=2026-10-01&to=2026-10-31&by=campaign', {
      headers: { accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parse(csv.body, { relax_column_count: true }) as string[][];
    expect(rows).toContainEqual(['By campaign', 'Webinar Oct', 'SQLs', '4', '100%', '2 days']);

    const html = await api.call('GET', '/v1/reports/monthly?month=2026-10', {
      headers: { accept: 'text/html' },
    });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.body).toContain('<h1>MONTHLY ALIGNMENT REPORT — October 2026</h1>');
    expect(html.body).toContain('<h2>REVENUE ATTRIBUTION</h2>');
  });

  it('serves the weekly pipeline review and the diagnostics', async () => {
    const review = await api.call('GET', '/v1/reports/pipeline-review?week=2026-W41', {
      key: api.keys.sales_manager,
    });
    expect(review.status).toBe(200);
    expect(review.body.funnel).toMatchObject({ mqls: 3, accepted: 1, mqlTarget: 41 });
    expect(review.body.asOf).toBe('2026-10-12T00:00:00.000Z');
    const diag = await api.call('GET', '/v1/diagnostics?from=2026-10-01&to=2026-10-31');
    expect(diag.status).toBe(200);
    expect(
      diag.body.findings.filter((f: { detected: boolean }) => f.detected).map((f: { id: string }) => f.id),
    ).toEqual(['high_cac', 'sla_breaches_trending_up']);
  });

  it('rejects what it cannot read: 400 for the schema, 422 naming the field', async () => {
    expect((await api.call('GET', '/v1/reports/monthly?format=pdf')).status).toBe(400);
    expect((await api.call('GET', '/v1/reports/funnel?by=planet')).status).toBe(400);
    const month = await api.call('GET', '/v1/reports/monthly?month=2026-13');
    expect(month.status).toBe(422);
    expect(month.body.errors[0].path).toBe('/month');
    const week = await api.call('GET', '/v1/reports/pipeline-review?week=2026-W60');
    expect(week.status).toBe(422);
    expect(week.body.errors[0].path).toBe('/week');
    const range = await api.call('GET', '/v1/reports/metrics?from=2026-10-01');
    expect(range.status).toBe(422);
    expect(range.body.errors[0].path).toBe('/to');
  });
});

describe('servio report', () => {
  for (const kind of inject('stores')) {
    describe(`[${kind}]`, () => {
      const cli = useCli(kind);

      it("prints the monthly report in the seed's template as Markdown, HTML or JSON", async () => {
        const md = await cli.run('report', 'monthly', '--month', '2026-10', '--format', 'md');
        expect(md.stderr).toBe('');
        expect(md.code).toBe(0);
        for (const heading of [
          '# MONTHLY ALIGNMENT REPORT — October 2026',
          '## EXECUTIVE SUMMARY',
          '## MARKETING SLA COMPLIANCE',
          '## SALES SLA COMPLIANCE',
          '## FUNNEL PERFORMANCE',
          '## REVENUE ATTRIBUTION',
          '## KEY INSIGHTS',
          '## NEXT MONTH PRIORITIES',
        ])
          expect(md.stdout).toContain(heading);
        // An empty month against an MQL target of 534 / 3 = 178.
        expect(md.stdout).toContain(
          '| MQL volume | 178 MQLs (calculated from revenue target backward) | 0 MQLs | Missed |',
        );

        const html = await cli.run('report', 'monthly', '--month', '2026-10', '--format', 'html');
        expect(html.stdout.startsWith('<!doctype html>')).toBe(true);
        const json = JSON.parse((await cli.run('--json', 'report', 'monthly', '--month', '2026-10')).stdout);
        expect(json).toMatchObject({
          month: '2026-10',
          mqlTarget: 178,
          revenueAttribution: { available: true },
        });
      });

      it('runs the other reports and the diagnostics, and exits 2 on bad input', async () => {
        const metrics = await cli.run(
          'report',
          'metrics',
          '--from',
          '2026-10-01',
          '--to',
          '2026-10-31',
          '--format',
          'csv',
        );
        expect(metrics.code).toBe(0);
        expect(metrics.stdout.split('\n')[0]).toBe(
          'section,Metric,Formula,Target,Owner,Actual,Prior,Change,Status,Note',
        );
        const review = await cli.run('report', 'pipeline-review', '--week', '2026-W43');
        expect(review.code).toBe(0);
        expect(review.stdout).toContain('# WEEKLY PIPELINE REVIEW — 2026-W43 (2026-10-19 to 2026-10-25)');
        const diag = JSON.parse((await cli.run('diagnostics', '--json')).stdout);
        expect(diag.findings.map((f: { symptom: string }) => f.symptom)).toEqual([
          'Low conversion',
          'Pipeline shortfall',
          'Long sales cycles',
          'High CAC',
          'Revenue miss despite volume',
          'SLA breaches trending up',
          'Scoring drift',
        ]);
        const bad = await cli.run('report', 'monthly', '--month', 'October');
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('/month');
        const format = await cli.run('report', 'funnel', '--format', 'pdf');
        expect(format.code).toBe(2);
        expect(format.stderr).toContain('--format must be one of');
      });
    });
  }
});
