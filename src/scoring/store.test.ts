import { expect, it } from 'vitest';
import { rawPerson } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { compileModel, DAY_MS } from './compile.js';
import { DEFAULT_SCORING_MODEL } from './default-model.js';
import { NO_FLAGS } from './facts.js';
import { selectReads } from './reads.js';
import type { ScoringModel } from './rules.js';
import { activeModel, scorePeople } from './service.js';
import { type EventRecord, loadEvents, loadScoringEvents } from './store.js';

const NOW = new Date('2026-01-05T09:00:00Z');
const HOUR = 3_600_000;
const TYPES = [
  'page_view',
  'pricing_page_view',
  'content_download',
  'email_open',
  'email_click',
  'form_submit',
  'social_engagement',
  'unsubscribe',
];
const URLS = [null, '/blog/a', '/case-study', '/pricing'];

/** A model unlike the default: windows only, and a filtered rule on a type the decay does not list. */
const WINDOWED: ScoringModel = {
  threshold: 20,
  rules: [
    {
      id: 'recent_opens',
      label: 'opens',
      kind: 'engagement',
      points: 5,
      count: 'each',
      when: [{ events: ['email_open'], withinDays: 10 }],
    },
    {
      id: 'blog_social',
      label: 'blog',
      kind: 'engagement',
      points: 3,
      count: 'once',
      when: [{ events: ['social_engagement'], withinDays: 5, where: { urlMatchesAny: ['/blog/'] } }],
    },
    {
      id: 'visits',
      label: 'visits',
      kind: 'engagement',
      points: 10,
      count: 'once',
      when: [{ events: ['page_view', 'pricing_page_view'], sessions: true, atLeast: 2, withinDays: 7 }],
    },
  ],
  decay: { afterDays: 3, pointsPerWeek: -2, engagementEvents: ['email_click', 'form_submit'] },
};

/** A deterministic history: 120 days back, a day ahead, on a 6-hour grid so that instants tie. */
function history(
  seed: number,
  n: number,
): { type: string; at: Date; url: string | null; intent: string | null }[] {
  let a = seed;
  const next = (m: number) => {
    a = (a * 1_103_515_245 + 12_345) % 2_147_483_648;
    return a % m;
  };
  return Array.from({ length: n }, () => ({
    type: TYPES[next(TYPES.length)]!,
    at: new Date(NOW.getTime() - (next(125 * 4) - 4) * 6 * HOUR),
    url: URLS[next(URLS.length)]!,
    intent: [null, 'high', 'low'][next(3)]!,
  }));
}

const byId = (events: readonly EventRecord[]) => [...events].sort((x, y) => (x.id < y.id ? -1 : 1));

forEachStore('scoring reads', (fx) => {
  it('reads exactly the touchpoints that can change a score, and scores as from the whole history', async () => {
    const people: string[] = [];
    for (let p = 0; p < 4; p++) {
      const { id } = await rawPerson(fx.ctx);
      people.push(id);
      const rows = history(p + 1, p === 3 ? 0 : 90).map((h, i) => ({
        event_id: `${id}-${String(i).padStart(3, '0')}`,
        type: h.type,
        occurred_at: h.at,
        received_at: NOW,
        person_id: id,
        url: h.url,
        properties: JSON.stringify(h.intent ? { intent: h.intent } : {}),
      }));
      if (rows.length > 0) await fx.ctx.db.insertInto('touchpoints').values(rows).execute();
    }
    for (const spec of [DEFAULT_SCORING_MODEL, WINDOWED]) {
      const model = compileModel(spec);
      for (const now of [NOW, new Date(NOW.getTime() - 40 * DAY_MS), new Date(NOW.getTime() + 90 * DAY_MS)]) {
        const full = await loadEvents(fx.ctx.db, people, new Date(NOW.getTime() + 365 * DAY_MS));
        const read = await loadScoringEvents(fx.ctx.db, people, now, model.reads);
        for (const id of people) {
          const all = full.get(id) ?? [];
          const expected = selectReads(model.reads, all, now);
          expect(byId(read.get(id) ?? [])).toEqual(byId(expected));
          const facts = { flags: NO_FLAGS };
          expect(model.score(facts, read.get(id) ?? [], now)).toEqual(model.score(facts, all, now));
        }
      }
    }
  });
});

forEachStore('scoring writes', (fx) => {
  const historyOf = async (personId: string) =>
    fx.ctx.db
      .selectFrom('score_history')
      .select(['total', 'cause'])
      .where('person_id', '=', personId)
      .orderBy('id')
      .execute();
  const score = (ids: string[], cause: string) =>
    fx.ctx.db
      .transaction()
      .execute((trx) => scorePeople(trx, activeModel(1, DEFAULT_SCORING_MODEL), ids, NOW, cause));

  it('appends score history only for a score that changed, and moves who qualifies in the same write', async () => {
    const { id: quiet } = await rawPerson(fx.ctx);
    const { id: busy } = await rawPerson(fx.ctx);
    expect(await score([quiet, busy], 'first')).toEqual({ scored: 2, changed: 2, qualified: [] });
    // Nothing new: the scores stay, no history row.
    expect(await score([quiet, busy], 'again')).toEqual({ scored: 2, changed: 0, qualified: [] });

    // 15 (50-500 employees) + 10 (industry) + 25 (demo) + 15 (pricing): 65, over the threshold of 50.
    await fx.ctx.db
      .updateTable('people')
      .set({ employees: 200, industry: 'Software' })
      .where('id', '=', busy)
      .execute();
    await fx.ctx.db
      .insertInto('touchpoints')
      .values(
        ['demo_request', 'pricing_page_view', 'content_download'].map((type, i) => ({
          event_id: `${busy}-${i}`,
          type,
          occurred_at: new Date(NOW.getTime() - (i + 1) * HOUR),
          received_at: NOW,
          person_id: busy,
        })),
      )
      .execute();
    const outcome = await score([quiet, busy], 'events');
    expect(outcome).toMatchObject({ scored: 2, changed: 1 });
    expect((await historyOf(quiet)).map((h) => h.cause)).toEqual(['first']);
    const busyHistory = await historyOf(busy);
    expect(busyHistory.map((h) => h.cause)).toEqual(['first', 'events']);
    const stored = await fx.ctx.db
      .selectFrom('person_scores')
      .select(['total', 'qualifies'])
      .where('person_id', '=', busy)
      .executeTakeFirstOrThrow();
    expect(busyHistory[1]!.total).toBe(stored.total);
    // Whoever the write qualified was moved in it, with the history row of the move.
    const moved = await fx.ctx.db
      .selectFrom('stage_history')
      .select(['person_id', 'from_stage', 'to_stage'])
      .where('to_stage', '=', 'mql')
      .execute();
    expect(stored.qualifies).toBe(true);
    expect(outcome.qualified).toEqual([busy]);
    expect(moved).toEqual([{ person_id: busy, from_stage: 'lead', to_stage: 'mql' }]);
  });
});
