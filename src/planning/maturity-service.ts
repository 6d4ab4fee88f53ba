import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { NotFoundError, ValidationError } from '../core/index.js';
import { recordAudit } from '../store/index.js';
import {
  checkRatings,
  compareRatings,
  levelDefinition,
  type MaturityChange,
  type MaturityGap,
  type MaturityLevel,
  maturityGaps,
  overallLevel,
} from './maturity-model.js';
import * as store from './maturity-store.js';
import { parseQuarter } from './plans-model.js';

export interface MaturityAssessment extends store.StoredAssessment {
  overallName: string;
  nextLevel: MaturityLevel | null;
  gaps: MaturityGap[];
  /** The latest earlier assessment, and each dimension's move since. */
  previous: { quarter: string; overallLevel: MaturityLevel; changes: MaturityChange[] } | null;
}

export interface MaturityInput {
  dimensions: Partial<Record<string, { level: number; note?: string | null | undefined }>>;
  /** Who assessed; default: the caller's name. */
  assessedBy?: string | undefined;
}

async function describe(ctx: Ctx, a: store.StoredAssessment): Promise<MaturityAssessment> {
  const before = await store.findAssessmentBefore(ctx.db, a.quarter);
  const { nextLevel, gaps } = maturityGaps(a.dimensions);
  return {
    ...a,
    overallName: levelDefinition(a.overallLevel).name,
    nextLevel,
    gaps,
    previous: before
      ? {
          quarter: before.quarter,
          overallLevel: before.overallLevel,
          changes: compareRatings(before.dimensions, a.dimensions),
        }
      : null,
  };
}

/** Records (or replaces) the quarter's self-assessment: a level 1-4 per dimension with a note. */
export async function assessMaturity(
  ctx: Ctx,
  quarter: string,
  input: MaturityInput,
  actor: Principal,
): Promise<MaturityAssessment> {
  const q = parseQuarter(quarter);
  const { value, issues } = checkRatings(input.dimensions);
  if (!value) throw new ValidationError('The maturity assessment is invalid', issues);
  const assessedBy = input.assessedBy?.trim() || actor.name;
  const now = ctx.clock.now();
  const assessment: store.StoredAssessment = {
    quarter: q.label,
    dimensions: value,
    overallLevel: overallLevel(value),
    assessedBy,
    assessedAt: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await store.saveAssessment(trx, assessment);
    await recordAudit(trx, {
      at: now,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'maturity.assessed',
      subjectType: 'maturity_assessment',
      subjectId: q.label,
      details: { overallLevel: assessment.overallLevel },
    });
  });
  return describe(ctx, assessment);
}

export async function getMaturity(ctx: Ctx, quarter: string): Promise<MaturityAssessment> {
  const q = parseQuarter(quarter);
  const stored = await store.findAssessment(ctx.db, q.label);
  if (!stored) throw new NotFoundError('Maturity assessment', q.label);
  return describe(ctx, stored);
}

/** Every assessed quarter, oldest first, with its overall level. */
export async function maturityHistory(ctx: Ctx): Promise<store.StoredAssessment[]> {
  return store.listAssessments(ctx.db);
}
