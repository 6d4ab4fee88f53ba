import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * The agreement between Marketing and Sales, one row a version (DESIGN.md, "The agreement
 * as code"). A version is proposed, approved by a marketing and a sales approver, and then
 * active until the next one supersedes it; at most one is active at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table agreement_versions (
      version integer primary key check (version >= 1),
      status text not null check (status in ('proposed', 'active', 'superseded', 'rejected')),
      document jsonb not null,
      document_sha256 text not null,
      summary text not null default '',
      proposed_by_type text not null,
      proposed_by_id text,
      proposed_by_name text not null,
      proposed_at timestamptz not null,
      marketing_approved_by_id text,
      marketing_approved_by_name text,
      marketing_approved_at timestamptz,
      sales_approved_by_id text,
      sales_approved_by_name text,
      sales_approved_at timestamptz,
      rejected_by_id text,
      rejected_by_name text,
      rejected_at timestamptz,
      rejection_reason text,
      effective_at timestamptz,
      check (status not in ('active', 'superseded') or effective_at is not null),
      check (status <> 'rejected' or (rejected_at is not null and rejection_reason is not null))
    );
    create unique index agreement_versions_one_active_idx on agreement_versions (status) where status = 'active';
    create index agreement_versions_status_idx on agreement_versions (status, version);
  `,
  );
}
