import { describe, expect, inject, it } from 'vitest';
import { useApi } from '../support/api.js';
import { newOpportunity, useCli } from '../support/factories.js';
import { forEachStore } from '../support/stores.js';

const SEED_FUNNEL = { deals: 40, opportunities: 160, sqls: 320, mqls: 534 };

forEachStore('planning API', (fx) => {
  const api = useApi(fx);

  it("serves the seed's reverse funnel from the agreement, and what-ifs from the query", async () => {
    const res = await api.call('GET', '/v1/plan/reverse-funnel', { key: api.keys.sales_manager });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...SEED_FUNNEL, perMonth: { mqls: 178 }, agreementVersion: 1 });

    const what = await api.call(
      'GET',
      '/v1/plan/reverse-funnel?revenue=2,000,000&dealSize=50000&winRate=0.2&months=1',
    );
    expect(what.status).toBe(200);
    expect(what.body).toMatchObject({
      revenue: { cents: 200_000_000, currency: 'USD' },
      overridden: ['revenue', 'dealSize', 'winRate', 'months'],
      deals: 40,
      opportunities: 200,
      sqls: 400,
      mqls: 667,
      perMonth: { mqls: 667 },
    });

    const bad = await api.call('GET', '/v1/plan/reverse-funnel?winRate=1.5');
    expect(bad.status).toBe(400);
    const zero = await api.call('GET', '/v1/plan/reverse-funnel?revenue=0');
    expect(zero.status).toBe(422);
    expect(zero.body.errors).toEqual([{ path: '/revenue', message: 'must be an amount greater than 0' }]);
  });

  it('serves pipeline coverage of a period, with the gap in money and MQLs', async () => {
    await newOpportunity(fx.ctx, {
      amount: { cents: 300_000_000, currency: 'USD' },
      closeDate: '2026-11-30',
    });
    const res = await api.call('GET', '/v1/plan/coverage?period=2026-Q4');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      period: { label: '2026-Q4', from: '2026-10-01', to: '2026-12-31' },
      openPipeline: { cents: 300_000_000, currency: 'USD' },
      requiredCoverage: 4,
      actualCoverage: 3,
      gap: { cents: 100_000_000, currency: 'USD' },
      gapFunnel: { opportunities: 40, sqls: 80, mqls: 134 },
    });
    const bad = await api.call('GET', '/v1/plan/coverage?period=2026-Q9');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('/period');
  });
});

describe('servio plan', () => {
  for (const kind of inject('stores')) {
    describe(`[${kind}]`, () => {
      const cli = useCli(kind);

      it("prints the seed's reverse funnel as JSON with the flags of the issue", async () => {
        const run = await cli.run(
          'plan',
          'reverse-funnel',
          '--revenue',
          '1000000',
          '--deal-size',
          '25000',
          '--win-rate',
          '0.25',
          '--sql-to-opp',
          '0.5',
          '--mql-to-sql',
          '0.6',
          '--months',
          '3',
          '--json',
        );
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const json = JSON.parse(run.stdout);
        expect(json).toMatchObject({
          ...SEED_FUNNEL,
          perMonth: { deals: 14, opportunities: 54, sqls: 107, mqls: 178 },
        });

        const human = await cli.run('plan', 'reverse-funnel');
        expect(human.code).toBe(0);
        expect(human.stdout).toMatch(/MQLs\s+MQL-to-SQL 60%\s+534\s+178/);

        const bad = await cli.run('plan', 'reverse-funnel', '--win-rate', '25');
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('--win-rate must be a rate');
      });

      it('prints coverage for a period, and exits 2 for a period it cannot read', async () => {
        const run = await cli.run('plan', 'coverage', '--period', '2026-Q4');
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('required coverage  4x (1 / win rate)');
        expect(run.stdout).toContain('160 opportunities <- 320 SQLs <- 534 MQLs');
        const json = JSON.parse((await cli.run('--json', 'plan', 'coverage', '--period', '2026-10')).stdout);
        expect(json).toMatchObject({ period: { label: '2026-10' }, revenueTarget: { cents: 33_333_334 } });
        const bad = await cli.run('plan', 'coverage', '--period', 'soon');
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('/period');
      });
    });
  }
});
