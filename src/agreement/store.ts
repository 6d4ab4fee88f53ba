import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import { NotFoundError } from '../core/index.js';
import type { AgreementVersionRow, Db, Trx } from '../store/index.js';
import { withDefaultSections } from './defaults.js';
import type {
  AgreementDocument,
  AgreementStatus,
  AgreementVersion,
  AgreementVersionSummary,
  ApprovalSide,
  Signer,
} from './model.js';

type SummaryRow = Omit<AgreementVersionRow, 'document' | 'document_sha256'>;

const SUMMARY_COLUMNS = [
  'version',
  'status',
  'summary',
  'proposed_by_type',
  'proposed_by_id',
  'proposed_by_name',
  'proposed_at',
  'marketing_approved_by_id',
  'marketing_approved_by_name',
  'marketing_approved_at',
  'sales_approved_by_id',
  'sales_approved_by_name',
  'sales_approved_at',
  'rejected_by_id',
  'rejected_by_name',
  'rejected_at',
  'rejection_reason',
  'effective_at',
] as const;

function signer(id: string | null, name: string | null, at: Date | null): Signer | null {
  return name !== null && at !== null ? { id, name, at } : null;
}

function toSummary(row: SummaryRow): AgreementVersionSummary {
  const rejected = signer(row.rejected_by_id, row.rejected_by_name, row.rejected_at);
  return {
    version: row.version,
    status: row.status as AgreementStatus,
    summary: row.summary,
    proposedBy: { type: row.proposed_by_type, id: row.proposed_by_id, name: row.proposed_by_name },
    proposedAt: row.proposed_at,
    approvals: {
      marketing: signer(
        row.marketing_approved_by_id,
        row.marketing_approved_by_name,
        row.marketing_approved_at,
      ),
      sales: signer(row.sales_approved_by_id, row.sales_approved_by_name, row.sales_approved_at),
    },
    rejection: rejected ? { ...rejected, reason: row.rejection_reason ?? '' } : null,
    effectiveAt: row.effective_at,
  };
}

function toVersion(row: AgreementVersionRow): AgreementVersion {
  return { ...toSummary(row), document: withDefaultSections(row.document) };
}

export interface NewVersion {
  status: AgreementStatus;
  document: AgreementDocument;
  summary: string;
  proposedBy: { type: string; id: string | null; name: string };
  at: Date;
}

function versionValues(version: number | RawBuilder<number>, input: NewVersion) {
  const document = JSON.stringify(input.document);
  return {
    version,
    status: input.status,
    document,
    document_sha256: createHash('sha256').update(document).digest('hex'),
    summary: input.summary,
    proposed_by_type: input.proposedBy.type,
    proposed_by_id: input.proposedBy.id,
    proposed_by_name: input.proposedBy.name,
    proposed_at: input.at,
    effective_at: input.status === 'active' ? input.at : null,
  };
}

/**
 * Version 1, active, when the table is empty: two processes racing here both succeed and
 * one row is written (`on conflict do nothing` covers the key and the one-active index).
 */
export async function insertFirstVersion(db: Db, input: NewVersion): Promise<boolean> {
  const result = await db
    .insertInto('agreement_versions')
    .values(versionValues(1, input))
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The next version number (max + 1); two concurrent callers collide on the key and retry. */
export async function insertNextVersion(db: Db, input: NewVersion): Promise<number> {
  const next = sql<number>`(select coalesce(max(version), 0) + 1 from agreement_versions)`;
  const row = await db
    .insertInto('agreement_versions')
    .values(versionValues(next, input))
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export interface ActiveHead {
  version: number;
  effectiveAt: Date;
  /** Names the document's content: a cache keyed by it is right whichever database it came from. */
  documentSha256: string;
}

/** The active version's number, start and content hash: the one cheap query every read makes. */
export async function findActiveHead(db: Db): Promise<ActiveHead | undefined> {
  const row = await db
    .selectFrom('agreement_versions')
    .select(['version', 'effective_at', 'document_sha256'])
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!row) return undefined;
  // A check constraint gives every active row its effective_at.
  return { version: row.version, effectiveAt: row.effective_at as Date, documentSha256: row.document_sha256 };
}

export async function getDocument(db: Db, version: number): Promise<AgreementDocument> {
  const row = await db
    .selectFrom('agreement_versions')
    .select('document')
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Agreement version', String(version));
  return withDefaultSections(row.document);
}

export async function findVersion(db: Db, version: number): Promise<AgreementVersion | undefined> {
  const row = await db
    .selectFrom('agreement_versions')
    .selectAll()
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

export async function getVersion(db: Db, version: number): Promise<AgreementVersion> {
  const found = await findVersion(db, version);
  if (!found) throw new NotFoundError('Agreement version', String(version));
  return found;
}

/** Newest first; `before` is the version the previous page ended at. */
export async function listVersions(
  db: Db,
  page: { limit: number; before?: number | undefined; status?: AgreementStatus | undefined },
): Promise<AgreementVersionSummary[]> {
  let query = db.selectFrom('agreement_versions').select(SUMMARY_COLUMNS);
  if (page.before !== undefined) query = query.where('version', '<', page.before);
  if (page.status) query = query.where('status', '=', page.status);
  const rows = await query.orderBy('version', 'desc').limit(page.limit).execute();
  return rows.map(toSummary);
}

/**
 * Serialises every change of status (approve, reject, activate) across processes. Row locks
 * alone cannot do it: a version that another transaction activates after our first read is
 * invisible to our later statements' row locks, so two activations could each supersede a
 * different predecessor and collide on the one-active index.
 */
export async function lockAgreementChanges(trx: Trx): Promise<void> {
  // An arbitrary constant naming "changes to agreement_versions" among advisory locks.
  await sql`select pg_advisory_xact_lock(4700310601)`.execute(trx);
}

export async function lockVersion(trx: Trx, version: number): Promise<AgreementVersionSummary> {
  const row = await trx
    .selectFrom('agreement_versions')
    .select(SUMMARY_COLUMNS)
    .where('version', '=', version)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Agreement version', String(version));
  return toSummary(row);
}

export async function recordApproval(
  trx: Trx,
  version: number,
  side: ApprovalSide,
  by: Signer,
): Promise<void> {
  const values =
    side === 'marketing'
      ? { marketing_approved_by_id: by.id, marketing_approved_by_name: by.name, marketing_approved_at: by.at }
      : { sales_approved_by_id: by.id, sales_approved_by_name: by.name, sales_approved_at: by.at };
  await trx.updateTable('agreement_versions').set(values).where('version', '=', version).execute();
}

/** The active version becomes superseded and `version` active, from `at`; returns the one superseded. */
export async function activateVersion(trx: Trx, version: number, at: Date): Promise<number | undefined> {
  const previous = await trx
    .selectFrom('agreement_versions')
    .select('version')
    .where('status', '=', 'active')
    .forUpdate()
    .executeTakeFirst();
  if (previous)
    await trx
      .updateTable('agreement_versions')
      .set({ status: 'superseded' })
      .where('version', '=', previous.version)
      .execute();
  await trx
    .updateTable('agreement_versions')
    .set({ status: 'active', effective_at: at })
    .where('version', '=', version)
    .execute();
  return previous?.version;
}

export async function recordRejection(trx: Trx, version: number, by: Signer, reason: string): Promise<void> {
  await trx
    .updateTable('agreement_versions')
    .set({
      status: 'rejected',
      rejected_by_id: by.id,
      rejected_by_name: by.name,
      rejected_at: by.at,
      rejection_reason: reason,
    })
    .where('version', '=', version)
    .execute();
}
