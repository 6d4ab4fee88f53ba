import type { Db } from '../store/index.js';
import type { MaturityLevel, MaturityRatings } from './maturity-model.js';

export interface StoredAssessment {
  quarter: string;
  dimensions: MaturityRatings;
  overallLevel: MaturityLevel;
  assessedBy: string;
  assessedAt: Date;
}

type Row = {
  quarter: string;
  dimensions: Record<string, unknown>;
  overall_level: number;
  assessed_by: string;
  assessed_at: Date;
};

function toAssessment(row: Row): StoredAssessment {
  return {
    quarter: row.quarter,
    dimensions: row.dimensions as unknown as MaturityRatings,
    overallLevel: row.overall_level as MaturityLevel,
    assessedBy: row.assessed_by,
    assessedAt: row.assessed_at,
  };
}

export async function findAssessment(db: Db, quarter: string): Promise<StoredAssessment | undefined> {
  const row = await db
    .selectFrom('maturity_assessments')
    .selectAll()
    .where('quarter', '=', quarter)
    .executeTakeFirst();
  return row && toAssessment(row);
}

/** The latest assessment of a quarter before `quarter` (labels `YYYY-Qn` sort as time does). */
export async function findAssessmentBefore(db: Db, quarter: string): Promise<StoredAssessment | undefined> {
  const row = await db
    .selectFrom('maturity_assessments')
    .selectAll()
    .where('quarter', '<', quarter)
    .orderBy('quarter', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toAssessment(row);
}

export async function listAssessments(db: Db): Promise<StoredAssessment[]> {
  const rows = await db.selectFrom('maturity_assessments').selectAll().orderBy('quarter').execute();
  return rows.map(toAssessment);
}

export async function saveAssessment(db: Db, a: StoredAssessment): Promise<void> {
  const values = {
    dimensions: JSON.stringify(a.dimensions),
    overall_level: a.overallLevel,
    assessed_by: a.assessedBy,
    assessed_at: a.assessedAt,
  };
  await db
    .insertInto('maturity_assessments')
    .values({ quarter: a.quarter, ...values })
    .onConflict((oc) => oc.column('quarter').doUpdateSet(values))
    .execute();
}
