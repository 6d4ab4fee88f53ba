import { activeScoringModel } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { activeModel, scorePeople } from './service.js';

const SLICE = 500;

export interface RescoreProgress {
  version: number;
  scored: number;
  remaining: number;
}

/** How far re-scoring under the active model has come: people scored under it vs the rest. */
export async function rescoreProgress(ctx: Ctx): Promise<RescoreProgress> {
  const { version } = await activeScoringModel(ctx.db, ctx.clock);
  const row = await ctx.db
    .selectFrom('people')
    .leftJoin('person_scores', 'person_scores.person_id', 'people.id')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn
        .count<number>('person_scores.person_id')
        .filterWhere('person_scores.model_version', '=', version)
        .as('scored'),
    ])
    .where('people.erased_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { version, scored: Number(row.scored), remaining: Number(row.total) - Number(row.scored) };
}

/**
 * One slice of re-scoring: people not yet scored under the active model, in id order, in
 * their own short transaction, so ingestion keeps flowing between slices. Restart-safe: the
 * work left is whatever is not scored under the active version. Returns how many it scored.
 */
export async function rescoreSlice(ctx: Ctx, now: Date, size = SLICE): Promise<number> {
  const { version, model } = await activeScoringModel(ctx.db, ctx.clock);
  // Not scored under the active version, or changed (an import, an edit of title or size)
  // since the last score: fit rules read those fields.
  const ids = (
    await ctx.db
      .selectFrom('people')
      .leftJoin('person_scores', 'person_scores.person_id', 'people.id')
      .select('people.id')
      .where('people.erased_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('person_scores.person_id', 'is', null),
          eb('person_scores.model_version', '!=', version),
          eb('person_scores.scored_at', '<', eb.ref('people.updated_at')),
        ]),
      )
      .orderBy('people.id')
      .limit(size)
      .execute()
  ).map((r) => r.id);
  if (ids.length === 0) return 0;
  await ctx.db
    .transaction()
    .execute((trx) => scorePeople(trx, activeModel(version, model), ids, now, `rescore v${version}`));
  return ids.length;
}
