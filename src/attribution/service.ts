import type { Ctx } from '../app.js';
import { type FieldIssue, ValidationError } from '../core/index.js';
import { type AttributionOptions, isModelChoice, MODEL_CHOICES, type ModelChoice } from './attribute.js';
import { stageWeightsProblem } from './heuristics.js';
import {
  assembleJourneys,
  CONVERSION_STAGES,
  type ConversionKind,
  type Ending,
  type Level,
} from './journeys.js';
import { MAX_ORDER } from './markov.js';
import { type Grouping, journeysToPaths } from './model.js';
import { type AttributionReport, attributionReport } from './report.js';
import * as store from './store.js';

/** Journeys read per request at most, converted and not: a bound on memory and time. */
export const MAX_JOURNEYS = 50_000;
const DEFAULT_RANGE_DAYS = 90;
const DAY_MS = 86_400_000;

export interface StoreAttributionInput extends AttributionOptions {
  model?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  by?: string | undefined;
  conversion?: string | undefined;
  level?: string | undefined;
  lookbackDays?: number | undefined;
}

function date(raw: string | undefined, path: string, issues: FieldIssue[]): Date | undefined {
  if (raw === undefined) return undefined;
  const value = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(value.getTime()))
    issues.push({ path, message: `must be a date (YYYY-MM-DD) or a time, got "${raw}"` });
  return value;
}

function oneOf<T extends string>(
  raw: string | undefined,
  fallback: T,
  allowed: readonly T[],
  path: string,
  issues: FieldIssue[],
): T {
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    issues.push({ path, message: `must be one of ${allowed.join(', ')}` });
  return raw as T;
}

/**
 * Attribution over the store's journeys: the conversions of `conversion` (a stage reached)
 * within [from, to) (default: the 90 days before now), each with the touches of its person
 * or of its account's contacts, and the people who became leads in the range without
 * converting as null journeys.
 */
export interface StoreSource {
  from: string;
  to: string;
  conversion: ConversionKind;
  by: Grouping;
  level: Level;
  lookbackDays: number | null;
}

export async function attributionFromStore(
  ctx: Ctx,
  input: StoreAttributionInput,
): Promise<AttributionReport<StoreSource>> {
  const issues: FieldIssue[] = [];
  const model = (input.model ?? 'all') as ModelChoice;
  if (!isModelChoice(model))
    issues.push({ path: '/model', message: `must be one of ${MODEL_CHOICES.join(', ')}` });
  const kind = oneOf<ConversionKind>(
    input.conversion,
    'opportunity',
    ['mql', 'sql', 'opportunity', 'won'],
    '/conversion',
    issues,
  );
  const by = oneOf<Grouping>(input.by, 'channel', ['channel', 'campaign'], '/by', issues);
  const level = oneOf<Level>(input.level, 'person', ['person', 'account'], '/level', issues);
  const to = date(input.to, '/to', issues) ?? ctx.clock.now();
  const from = date(input.from, '/from', issues) ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) issues.push({ path: '/from', message: 'must be before to' });
  if (input.order !== undefined && (input.order < 1 || input.order > MAX_ORDER))
    issues.push({ path: '/order', message: `must be from 1 to ${MAX_ORDER}` });
  const weightsProblem = input.stageWeights && stageWeightsProblem(input.stageWeights);
  if (weightsProblem) issues.push({ path: '/weights', message: weightsProblem });
  if (issues.length > 0)
    throw new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);

  const stage = CONVERSION_STAGES[kind];
  const converted = await store.listStageEntries(ctx.db, stage, from, to, MAX_JOURNEYS + 1);
  const unconverted = (await store.listUnconverted(ctx.db, stage, from, to, MAX_JOURNEYS + 1)).map(
    (e): Ending => ({ ...e, at: to }),
  );
  if (converted.length + unconverted.length > MAX_JOURNEYS)
    throw ValidationError.field(
      '/from',
      `the range holds more than ${MAX_JOURNEYS} journeys; narrow from and to`,
    );

  const people = new Set([...converted, ...unconverted].map((e) => e.personId));
  const accounts = new Set<string>();
  const contacts = new Map<string, string>();
  if (level === 'account') {
    for (const e of [...converted, ...unconverted]) if (e.accountId) accounts.add(e.accountId);
    for (const c of await store.listContacts(ctx.db, [...accounts])) {
      contacts.set(c.personId, c.accountId);
      people.add(c.personId);
    }
  }
  // Touches from the lookback window before the earliest conversion on (or all history).
  const since =
    input.lookbackDays === undefined ? new Date(0) : new Date(from.getTime() - input.lookbackDays * DAY_MS);
  const personIds = [...people];
  const touches = [
    ...(await store.listTouches(ctx.db, 'person_id', personIds, since, to)),
    ...(await store.listTouches(ctx.db, 'account_id', [...accounts], since, to)),
  ];
  const journeys = assembleJourneys({
    level,
    kind,
    converted,
    unconverted,
    touches,
    contacts,
    moments: await store.listStageMoments(ctx.db, personIds),
    opportunities:
      kind === 'opportunity' || kind === 'won' ? await store.listOpportunityValues(ctx.db, personIds) : [],
  });
  const set = journeysToPaths(journeys, { by, lookbackDays: input.lookbackDays });
  const source: StoreSource = {
    from: from.toISOString(),
    to: to.toISOString(),
    conversion: kind,
    by,
    level,
    lookbackDays: input.lookbackDays ?? null,
  };
  return attributionReport(set, source, model, input);
}
