import { expect, it } from 'vitest';
import { forEachStore } from '../../test/support/stores.js';
import type { Principal, Role } from '../access/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../core/index.js';
import { DEFAULT_AGREEMENT } from './defaults.js';
import type { AgreementDocument } from './model.js';
import {
  activeScoringModel,
  approveAgreement,
  getActiveAgreement,
  getAgreementVersion,
  listAgreementVersions,
  proposeAgreement,
  rejectAgreement,
} from './service.js';

function person(role: Role, name: string): Principal {
  return { kind: 'api_key', id: `key_${name.toLowerCase()}`, role, userId: null, name };
}

const MARKETING = person('marketing', 'Maria');
const SALES = person('sales_manager', 'Sam');
const REVOPS = person('revops', 'Rita');

function withThreshold(threshold: number): AgreementDocument {
  const doc = structuredClone(DEFAULT_AGREEMENT);
  doc.scoring.threshold = threshold;
  return doc;
}

forEachStore('agreement service', (fx) => {
  it('installs the seed default as version 1, once, however many readers race for it', async () => {
    const reads = await Promise.all(Array.from({ length: 5 }, () => getActiveAgreement(fx.ctx.db, fx.clock)));
    expect(new Set(reads.map((r) => r.version))).toEqual(new Set([1]));
    expect(reads[0]?.document).toEqual(DEFAULT_AGREEMENT);
    expect(reads[0]?.effectiveAt).toEqual(fx.clock.now());
    const rows = await fx.ctx.db.selectFrom('agreement_versions').select(['version', 'status']).execute();
    expect(rows).toEqual([{ version: 1, status: 'active' }]);
    const model = await activeScoringModel(fx.ctx.db, fx.clock);
    expect(model).toMatchObject({ version: 1, model: { threshold: 50 } });
  });

  it('takes effect only when both sides have approved, and supersedes the version in force', async () => {
    const before = await getActiveAgreement(fx.ctx.db, fx.clock);
    fx.clock.advance(60_000);
    const proposed = await proposeAgreement(fx.ctx, withThreshold(55), 'Tighten the threshold', MARKETING);
    expect(proposed).toMatchObject({
      status: 'proposed',
      summary: 'Tighten the threshold',
      proposedBy: { type: 'api_key', id: 'key_maria', name: 'Maria' },
      effectiveAt: null,
    });
    const half = await approveAgreement(fx.ctx, proposed.version, MARKETING);
    expect(half.status).toBe('proposed');
    expect(half.approvals.marketing).toMatchObject({ id: 'key_maria', name: 'Maria' });
    expect((await getActiveAgreement(fx.ctx.db, fx.clock)).version).toBe(before.version);

    fx.clock.advance(60_000);
    const active = await approveAgreement(fx.ctx, proposed.version, SALES);
    expect(active).toMatchObject({ status: 'active', effectiveAt: fx.clock.now() });
    expect(active.approvals.sales).toMatchObject({ id: 'key_sam', name: 'Sam' });
    const now = await getActiveAgreement(fx.ctx.db, fx.clock);
    expect(now.version).toBe(proposed.version);
    expect(now.document.scoring.threshold).toBe(55);
    expect((await getAgreementVersion(fx.ctx, before.version)).status).toBe('superseded');

    const audit = await fx.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'agreement_version')
      .where('subject_id', '=', String(proposed.version))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'agreement.proposed',
      'agreement.approved',
      'agreement.approved',
      'agreement.activated',
    ]);
  });

  it('refuses a second approval of the same side, one approver on both sides, and a finished version', async () => {
    const { version } = await proposeAgreement(fx.ctx, withThreshold(60), undefined, REVOPS);
    await approveAgreement(fx.ctx, version, REVOPS, 'marketing');
    await expect(approveAgreement(fx.ctx, version, MARKETING)).rejects.toThrow(/already approved by Rita/);
    await expect(approveAgreement(fx.ctx, version, REVOPS, 'sales')).rejects.toMatchObject({
      code: 'agreement_same_approver',
    });
    // The same name from the CLI (no key) is the same approver.
    const cliRita: Principal = { kind: 'cli', id: null, role: 'admin', userId: null, name: 'rita' };
    await expect(approveAgreement(fx.ctx, version, cliRita, 'sales')).rejects.toBeInstanceOf(ConflictError);
    await expect(approveAgreement(fx.ctx, version, MARKETING, 'sales')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await approveAgreement(fx.ctx, version, SALES);
    await expect(approveAgreement(fx.ctx, version, person('admin', 'Ann'), 'sales')).rejects.toMatchObject({
      code: 'agreement_not_proposed',
    });
  });

  it('lets either side reject a proposal with a reason, and keeps it readable', async () => {
    const { version } = await proposeAgreement(fx.ctx, withThreshold(90), 'Too strict?', MARKETING);
    await expect(rejectAgreement(fx.ctx, version, '  ', SALES)).rejects.toBeInstanceOf(ValidationError);
    const rejected = await rejectAgreement(fx.ctx, version, 'We would starve the SDRs', SALES);
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejection: { id: 'key_sam', name: 'Sam', reason: 'We would starve the SDRs' },
    });
    await expect(approveAgreement(fx.ctx, version, SALES)).rejects.toBeInstanceOf(ConflictError);
    await expect(rejectAgreement(fx.ctx, version, 'again', MARKETING)).rejects.toBeInstanceOf(ConflictError);
    expect((await getAgreementVersion(fx.ctx, version)).document.scoring.threshold).toBe(90);
  });

  it('refuses an invalid document with every path, and a sales rep', async () => {
    const bad = structuredClone(DEFAULT_AGREEMENT) as any;
    bad.scoring.rules[3].points = 5000;
    bad.disqualificationCodes[1].code = 'DQ-01';
    await expect(proposeAgreement(fx.ctx, bad, '', MARKETING)).rejects.toMatchObject({
      issues: [
        { path: '/scoring/rules/3/points', message: 'must be <= 1000' },
        { path: '/disqualificationCodes/1/code', message: '"DQ-01" is already the code of row 0' },
      ],
    });
    await expect(
      proposeAgreement(fx.ctx, DEFAULT_AGREEMENT, '', person('sales_rep', 'Rex')),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('gives concurrent proposals distinct versions', async () => {
    const proposals = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        proposeAgreement(fx.ctx, withThreshold(40 + i), `try ${i}`, MARKETING),
      ),
    );
    const versions = proposals.map((p) => p.version);
    expect(new Set(versions).size).toBe(6);
  });

  it('leaves exactly one version active when two are approved at the same time', async () => {
    const a = await proposeAgreement(fx.ctx, withThreshold(51), 'a', MARKETING);
    const b = await proposeAgreement(fx.ctx, withThreshold(52), 'b', MARKETING);
    await approveAgreement(fx.ctx, a.version, MARKETING);
    await approveAgreement(fx.ctx, b.version, MARKETING);
    const [first, second] = await Promise.all([
      approveAgreement(fx.ctx, a.version, SALES),
      approveAgreement(fx.ctx, b.version, SALES),
    ]);
    expect([first.status, second.status]).toEqual(['active', 'active']);
    const active = await fx.ctx.db
      .selectFrom('agreement_versions')
      .select('version')
      .where('status', '=', 'active')
      .execute();
    expect(active).toHaveLength(1);
    const loser = active[0]?.version === a.version ? b.version : a.version;
    expect((await getAgreementVersion(fx.ctx, loser)).status).toBe('superseded');
  });

  it('sees a version another process activated, and reads old versions with sections added since', async () => {
    const { version } = await proposeAgreement(fx.ctx, withThreshold(77), 'elsewhere', MARKETING);
    await getActiveAgreement(fx.ctx.db, fx.clock); // cache the version in force
    await fx.ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('agreement_versions')
        .set({ status: 'superseded' })
        .where('status', '=', 'active')
        .execute();
      await trx
        .updateTable('agreement_versions')
        .set({ status: 'active', effective_at: fx.clock.now() })
        .where('version', '=', version)
        .execute();
    });
    expect((await activeScoringModel(fx.ctx.db, fx.clock)).model.threshold).toBe(77);

    const { reQueueRules: _, targets: __, ...older } = withThreshold(33);
    await fx.ctx.db
      .updateTable('agreement_versions')
      .set({ document: JSON.stringify(older) })
      .where('version', '=', version)
      .execute();
    const read = await getAgreementVersion(fx.ctx, version);
    expect(read.document.reQueueRules).toEqual(DEFAULT_AGREEMENT.reQueueRules);
    expect(read.document.targets).toEqual(DEFAULT_AGREEMENT.targets);
  });

  it('lists versions newest first, page by page', async () => {
    const all = await listAgreementVersions(fx.ctx, { limit: 1000 });
    const versions = all.items.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((x, y) => y - x));
    const first = await listAgreementVersions(fx.ctx, { limit: 2 });
    const second = await listAgreementVersions(fx.ctx, { limit: 2, cursor: first.nextCursor ?? undefined });
    expect([...first.items, ...second.items].map((v) => v.version)).toEqual(versions.slice(0, 4));
    const rejected = await listAgreementVersions(fx.ctx, { limit: 10, status: 'rejected' });
    expect(rejected.items.every((v) => v.status === 'rejected' && v.rejection !== null)).toBe(true);
  });
});
