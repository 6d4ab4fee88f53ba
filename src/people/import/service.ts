import type { Readable } from 'node:stream';
import type { Principal } from '../../access/index.js';
import type { Ctx } from '../../app.js';
import { type FieldIssue, ValidationError } from '../../core/index.js';
import { moveByPrincipal } from '../../lifecycle/index.js';
import { inTransaction, recordAudit } from '../../store/index.js';
import { type Resolution, type ResolveRequest, resolvePeople } from '../identity.js';
import { readCsv } from './csv.js';
import {
  type ColumnMapping,
  detectFormat,
  type FormatChoice,
  formatLabel,
  hasEmailColumn,
  type ImportFormat,
  isReportFooter,
  mapColumns,
} from './formats.js';
import { parseRow } from './parse.js';
import { listUsersByEmailOrName } from './store.js';

export interface ImportOptions {
  format: FormatChoice;
  /** Validate and count without writing: each batch runs in a transaction that is rolled back. */
  dryRun?: boolean | undefined;
  /** Rows per transaction. */
  batchSize?: number | undefined;
  /** Called as parsing advances, with the bytes of the source read so far. */
  onProgress?: ((bytes: number) => void) | undefined;
}

export interface Rejection {
  /** The physical line the row starts on; the header is line 1. */
  line: number;
  email: string | null;
  reason: string;
}

export interface ImportSummary {
  importId: string;
  format: ImportFormat;
  /** The format was chosen from the header (`--format auto`). */
  formatDetected: boolean;
  dryRun: boolean;
  /** Data rows read (the header, blank lines and empty rows not counted). */
  rows: number;
  created: number;
  updated: number;
  /** Rows for an email already seen earlier in the file: merged into that person, later values winning. */
  merged: number;
  rejected: number;
  rejections: Rejection[];
  /** Header columns the format does not map. */
  ignoredColumns: string[];
  /** Owner values that match no user (kept in the person's `owner` attribute). */
  unmatchedOwners: string[];
  /** A CSV syntax error that ended the reading early; rows before it were imported. */
  stoppedAt: { line: number; reason: string } | null;
}

export const DEFAULT_BATCH_SIZE = 1_000;

interface PendingRow {
  line: number;
  request: ResolveRequest;
  owner: string | undefined;
}

class DryRunRollback extends Error {}

/**
 * `servio import people` and `POST /v1/imports/people`: streams a CRM export, maps each row
 * to a person, and resolves them in batches through `resolvePeople`, one transaction a batch.
 * A bad row is skipped and reported with its line; it never costs the good rows their place.
 */
export async function importPeople(
  ctx: Ctx,
  source: Readable,
  options: ImportOptions,
  principal: Principal,
): Promise<ImportSummary> {
  const at = ctx.clock.now();
  const by = moveByPrincipal(principal);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const dryRun = options.dryRun ?? false;
  const { records, stopped } = readCsv(source);

  let mapping: ColumnMapping | undefined;
  const summary: ImportSummary = {
    importId: ctx.ids.next('imp'),
    format: 'generic',
    formatDetected: options.format === 'auto',
    dryRun,
    rows: 0,
    created: 0,
    updated: 0,
    merged: 0,
    rejected: 0,
    rejections: [],
    ignoredColumns: [],
    unmatchedOwners: [],
    stoppedAt: null,
  };
  const reject = (line: number, email: string | null, reason: string) => {
    summary.rejected++;
    summary.rejections.push({ line, email, reason });
  };
  // Emails accepted so far: a later row for one of them is a merge, whichever batch it is in.
  const seen = new Set<string>();
  const owners = new Map<string, string | null>();
  const unmatched = new Set<string>();

  async function flush(rows: PendingRow[]): Promise<void> {
    if (rows.length === 0) return;
    await matchOwners(ctx, owners, rows);
    for (const row of rows) {
      if (row.owner === undefined) continue;
      const userId = owners.get(row.owner);
      if (userId) row.request.input.ownerUserId = userId;
      else {
        row.request.input.attributes = { ...row.request.input.attributes, owner: row.owner };
        unmatched.add(row.owner);
      }
    }
    const results = await commitBatch(rows.map((r) => r.request));
    rows.forEach((row, i) => {
      const result = results[i]!;
      const email = row.request.input.email;
      if (!result.ok) reject(row.line, email, describeIssues(result.issues));
      else if (seen.has(email)) summary.merged++;
      else {
        seen.add(email);
        if (result.created) summary.created++;
        else summary.updated++;
      }
    });
  }

  /** One transaction; when the database refuses a row, halves until that row stands alone. */
  async function commitBatch(requests: ResolveRequest[]): Promise<Resolution[]> {
    try {
      return await writeBatch(requests);
    } catch (error) {
      if (!isRowDataError(error)) throw error;
      if (requests.length === 1) return [{ ok: false, issues: [refusal(error, requests[0]!)] }];
      const half = Math.ceil(requests.length / 2);
      return [...(await commitBatch(requests.slice(0, half))), ...(await commitBatch(requests.slice(half)))];
    }
  }

  async function writeBatch(requests: ResolveRequest[]): Promise<Resolution[]> {
    let results: Resolution[] = [];
    try {
      await inTransaction(ctx.db, async (trx) => {
        results = await resolvePeople(trx, ctx.ids, at, requests, by);
        if (dryRun) throw new DryRunRollback();
        await recordAudit(trx, {
          at,
          actorType: principal.kind,
          actorId: principal.id,
          action: 'people.imported',
          subjectType: 'import',
          subjectId: summary.importId,
          details: { format: summary.format, rows: requests.length },
        });
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    return results;
  }

  let batch: PendingRow[] = [];
  for await (const record of records) {
    options.onProgress?.(record.bytes);
    if (!mapping) {
      mapping = chooseMapping(options.format, record.cells);
      summary.format = mapping.format;
      summary.ignoredColumns = mapping.ignored;
      continue;
    }
    if (isReportFooter(mapping.format, record.cells)) continue;
    summary.rows++;
    const parsed = parseRow(mapping, record.cells);
    if (!parsed.ok) {
      reject(record.line, parsed.email, parsed.reasons.join('; '));
      continue;
    }
    batch.push({ line: record.line, request: { input: parsed.input }, owner: parsed.owner });
    if (batch.length >= batchSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (!mapping) throw ValidationError.field('/header', 'the file is empty: it has no header row');
  await flush(batch);
  summary.stoppedAt = stopped() ?? null;
  summary.unmatchedOwners = [...unmatched];
  summary.rejections.sort((a, b) => a.line - b.line);
  return summary;
}

function chooseMapping(choice: FormatChoice, headers: string[]): ColumnMapping {
  const format = choice === 'auto' ? detectFormat(headers).format : choice;
  const mapping = mapColumns(format, headers);
  if (hasEmailColumn(mapping)) return mapping;
  const found =
    headers
      .filter((h) => h !== '')
      .map((h) => `"${h}"`)
      .join(', ') || 'none';
  const which = choice === 'auto' ? 'none of the known formats' : `the ${formatLabel(format)} format`;
  throw new ValidationError(
    `The header has no email column that ${which} recognises (columns found: ${found}); every person needs an email`,
    [{ path: '/header', message: `no email column; columns found: ${found}` }],
    { columns: headers },
  );
}

/** Owners of a batch matched to users by email (any case) or exact name; an ambiguous name matches nobody. */
async function matchOwners(ctx: Ctx, cache: Map<string, string | null>, rows: PendingRow[]): Promise<void> {
  const keys = [
    ...new Set(rows.map((r) => r.owner).filter((o): o is string => o !== undefined && !cache.has(o))),
  ];
  if (keys.length === 0) return;
  const users = await listUsersByEmailOrName(ctx.db, keys);
  for (const key of keys) {
    const byEmail = users.filter((u) => u.email.toLowerCase() === key.toLowerCase());
    const candidates = byEmail.length > 0 ? byEmail : users.filter((u) => u.name === key);
    cache.set(key, candidates.length === 1 ? candidates[0]!.id : null);
  }
}

function describeIssues(issues: FieldIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path.replace(/^\//, '')}: ${i.message}` : i.message)).join('; ');
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity violation) belong to a row; others to the database. */
function isRowDataError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

function refusal(error: Error & { code: string }, request: ResolveRequest): FieldIssue {
  if (
    error.code === '23505' &&
    /external_id/.test(error.message + String((error as { constraint?: unknown }).constraint))
  ) {
    return {
      path: '/externalId',
      message: `record id "${request.input.externalId}" already belongs to another person`,
    };
  }
  return { path: '', message: `the database refused the row: ${error.message}` };
}
