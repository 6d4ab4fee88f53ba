import { expect, it } from 'vitest';
import { newOpportunity } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL, type Principal } from '../access/index.js';
import { approveAgreement, DEFAULT_AGREEMENT, proposeAgreement } from '../agreement/index.js';
import { ValidationError } from '../core/index.js';
import { closeOpportunityById } from '../opportunities/index.js';
import { planCoverage, planReverseFunnel } from './service.js';

const usd = (dollars: number) => ({ cents: dollars * 100, currency: 'USD' });
const signer = (role: Principal['role'], name: string): Principal => ({
  kind: 'api_key',
  id: `key_${name}`,
  role,
  userId: null,
  name,
});

forEachStore('planning service', (fx) => {
  it("computes the seed's reverse funnel from the agreement, and what-ifs from overrides", async () => {
    const seed = await planReverseFunnel(fx.ctx);
    expect(seed).toMatchObject({
      agreementVersion: 1,
      overridden: [],
      deals: 40,
      opportunities: 160,
      sqls: 320,
    });
    expect(seed).toMatchObject({ mqls: 534, perMonth: { mqls: 178 } });

    const doubled = await planReverseFunnel(fx.ctx, { revenueCents: 200_000_000, months: 1 });
    expect(doubled).toMatchObject({
      overridden: ['revenue', 'months'],
      deals: 80,
      mqls: 1067,
      perMonth: { mqls: 1067 },
    });
    await expect(planReverseFunnel(fx.ctx, { winRate: 0, months: 13 })).rejects.toMatchObject({
      issues: [{ path: '/winRate' }, { path: '/months' }],
    });
    await expect(planReverseFunnel(fx.ctx, { dealSizeCents: 0 })).rejects.toThrow(ValidationError);
  });

  it('counts the open pipeline closing within the period against the target, with the gap in money and MQLs', async () => {
    // In 2026-Q4: two open deals ($1,000,000 + $500,000). Not in it: a won deal, a deal in
    // Q1 2027, one without a close date, and an open deal in euros (reported, not counted).
    await newOpportunity(fx.ctx, { amount: usd(1_000_000), closeDate: '2026-10-01' });
    await newOpportunity(fx.ctx, { amount: usd(500_000), closeDate: '2026-12-31' });
    const won = await newOpportunity(fx.ctx, { amount: usd(900_000), closeDate: '2026-11-15' });
    await closeOpportunityById(fx.ctx, won.id, { outcome: 'won' }, CLI_PRINCIPAL);
    await newOpportunity(fx.ctx, { amount: usd(700_000), closeDate: '2027-01-01' });
    await newOpportunity(fx.ctx, { amount: usd(300_000), closeDate: null });
    await newOpportunity(fx.ctx, { amount: { cents: 5_000_000, currency: 'EUR' }, closeDate: '2026-11-01' });

    const q4 = await planCoverage(fx.ctx, { period: '2026-Q4' });
    expect(q4).toEqual({
      period: { label: '2026-Q4', from: '2026-10-01', to: '2026-12-31', months: 3 },
      agreementVersion: 1,
      revenueTarget: usd(1_000_000),
      openPipeline: usd(1_500_000),
      opportunities: 2,
      requiredCoverage: 4,
      coverageSource: 'win_rate',
      requiredPipeline: usd(4_000_000),
      actualCoverage: 1.5,
      gap: usd(2_500_000),
      // $2,500,000 / $25,000 = 100 opportunities -> 200 SQLs -> 333.3 -> 334 MQLs.
      gapFunnel: { opportunities: 100, sqls: 200, mqls: 334 },
      otherCurrencies: [{ currency: 'EUR', cents: 5_000_000, opportunities: 1 }],
      undatedOpenOpportunities: 1,
    });

    const october = await planCoverage(fx.ctx, { period: '2026-10' });
    expect(october).toMatchObject({
      revenueTarget: { cents: 33_333_334, currency: 'USD' },
      openPipeline: usd(1_000_000),
      requiredPipeline: { cents: 133_333_336, currency: 'USD' },
    });
    // The clock is in January 2026: the default period is its quarter, with nothing closing in it.
    expect(await planCoverage(fx.ctx)).toMatchObject({ period: { label: '2026-Q1' }, openPipeline: usd(0) });
    await expect(planCoverage(fx.ctx, { period: 'next quarter' })).rejects.toMatchObject({
      issues: [{ path: '/period' }],
    });
  });

  it('uses the coverage the agreement fixes once both sides sign it', async () => {
    const document = structuredClone(DEFAULT_AGREEMENT);
    document.targets.pipelineCoverage = 3;
    const { version } = await proposeAgreement(fx.ctx, document, 'plan for 3x', signer('marketing', 'Maria'));
    await approveAgreement(fx.ctx, version, signer('marketing', 'Maria'));
    await approveAgreement(fx.ctx, version, signer('sales_manager', 'Sam'));
    expect(await planCoverage(fx.ctx, { period: '2026-Q4' })).toMatchObject({
      agreementVersion: version,
      requiredCoverage: 3,
      coverageSource: 'agreement',
      requiredPipeline: usd(3_000_000),
      gap: usd(1_500_000),
      gapFunnel: { opportunities: 60, sqls: 120, mqls: 200 },
    });
  });
});
