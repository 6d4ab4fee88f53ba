import { getActiveAgreement, getAgreementVersion, parseAgreementDocument } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { ValidationError } from '../core/index.js';
import type { Db } from '../store/index.js';
import { atQualification, type CalibrationReport, calibrate, type Decided } from './calibrate.js';
import { compileModel } from './compile.js';
import { replay, type ReplayPerson, type ReplayReport } from './replay.js';
import type { ScoringModel } from './rules.js';
import { factsOf } from './service.js';
import { loadEvents, loadPeople } from './store.js';

const CHUNK = 1000;

/** Everyone with touchpoints, with their facts, events in time order and sales outcomes; read in chunks. */
export async function loadReplayPeople(db: Db, until: Date): Promise<ReplayPerson[]> {
  const people: ReplayPerson[] = [];
  let after = '';
  for (;;) {
    const ids = (
      await db
        .selectFrom('people')
        .select('id')
        .where('erased_at', 'is', null)
        .where('id', '>', after)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('touchpoints')
              .select('touchpoints.id')
              .whereRef('touchpoints.person_id', '=', 'people.id'),
          ),
        )
        .orderBy('id')
        .limit(CHUNK)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    const records = await loadPeople(db, ids);
    const events = await loadEvents(db, ids, until);
    const history = await db
      .selectFrom('stage_history')
      .select(['person_id', 'from_stage', 'to_stage', 'actor_type'])
      .where('person_id', 'in', ids)
      .where('at', '<=', until)
      .execute();
    const reached = new Map<string, ReplayPerson['reached']>();
    for (const h of history) {
      const r = reached.get(h.person_id) ?? {
        sql: false,
        opportunity: false,
        customer: false,
        rejectedBySales: false,
      };
      if (h.to_stage === 'sql') r.sql = true;
      if (h.to_stage === 'opportunity') r.opportunity = true;
      if (h.to_stage === 'customer') r.customer = true;
      const fromSales = h.from_stage === 'mql' || h.from_stage === 'tql' || h.from_stage === 'sql';
      if (
        fromSales &&
        (h.to_stage === 'disqualified' || (h.to_stage === 'nurture' && h.actor_type !== 'system'))
      )
        r.rejectedBySales = true;
      reached.set(h.person_id, r);
    }
    for (const record of records) {
      const list = [...(events.get(record.id) ?? [])].sort(
        (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime(),
      );
      people.push({
        id: record.id,
        facts: factsOf(record),
        events: list,
        reached: reached.get(record.id) ?? {
          sql: false,
          opportunity: false,
          customer: false,
          rejectedBySales: false,
        },
      });
    }
    if (ids.length < CHUNK) break;
  }
  return people;
}

export interface ReplayRequest {
  /** The proposed model: a full agreement document (from YAML), a scoring model, or a stored version. */
  agreement?: unknown;
  scoring?: ScoringModel | undefined;
  version?: number | undefined;
  from: Date;
  to: Date;
}

async function proposedModel(ctx: Ctx, request: ReplayRequest): Promise<ScoringModel> {
  if (request.version !== undefined)
    return (await getAgreementVersion(ctx, request.version)).document.scoring;
  if (request.agreement !== undefined) return parseAgreementDocument(request.agreement, '/agreement').scoring;
  if (request.scoring !== undefined)
    return parseAgreementDocument({
      ...(await getActiveAgreement(ctx.db, ctx.clock)).document,
      scoring: request.scoring,
    }).scoring;
  throw ValidationError.field('/agreement', 'give the proposed agreement, a scoring model, or a version');
}

function checkWindow(from: Date, to: Date): void {
  if (!(to > from)) throw ValidationError.field('/to', 'must be after from');
}

/** `servio scoring replay` / `POST /v1/scoring/replay`: history re-scored under a proposed model, next to the current one. */
export async function replayScoring(
  ctx: Ctx,
  request: ReplayRequest,
): Promise<ReplayReport & { currentVersion: number }> {
  checkWindow(request.from, request.to);
  const active = await getActiveAgreement(ctx.db, ctx.clock);
  const proposed = await proposedModel(ctx, request);
  const people = await loadReplayPeople(ctx.db, request.to);
  return {
    currentVersion: active.version,
    ...replay(
      compileModel(active.document.scoring),
      compileModel(proposed),
      people,
      request.from,
      request.to,
    ),
  };
}

/** `servio scoring calibrate` / `GET /v1/scoring/calibration`: what closed outcomes say about the current model. */
export async function calibrateScoring(
  ctx: Ctx,
  until: Date,
): Promise<CalibrationReport & { version: number }> {
  const active = await getActiveAgreement(ctx.db, ctx.clock);
  const model = compileModel(active.document.scoring);
  const people = await loadReplayPeople(ctx.db, until);
  const wonIds = new Set(
    (
      await ctx.db
        .selectFrom('opportunities')
        .select('person_id')
        .where('outcome', '=', 'won')
        .where('person_id', 'is not', null)
        .execute()
    ).map((r) => r.person_id!),
  );
  const decided: Decided[] = [];
  for (const person of people) {
    if (!person.reached.sql && !person.reached.rejectedBySales) continue;
    const at = atQualification(model, person, until);
    if (!at) continue;
    decided.push({
      accepted: person.reached.sql,
      won: wonIds.has(person.id),
      score: at.score,
      rules: at.rules,
    });
  }
  return {
    version: active.version,
    ...calibrate(decided, active.document.scoring.threshold, active.document.funnel.mqlToSqlAcceptanceTarget),
  };
}
