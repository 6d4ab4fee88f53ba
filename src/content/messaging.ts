import type { FieldIssue } from '../core/index.js';
import { isStage, STAGES } from '../lifecycle/index.js';
import { type Audience, clean, fitRank } from './model.js';

/**
 * Messaging as pure rules (issue 8: "both teams speak with one message"): value propositions
 * per persona and segment, competitive positioning, brand guidelines, talking points per
 * persona and stage, and battlecards per competitor. Every edit is a new version; the old
 * ones stay readable.
 */

export const MESSAGE_KINDS = [
  'value_proposition',
  'positioning',
  'brand_guideline',
  'talking_points',
  'battlecard',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface Objection {
  objection: string;
  answer: string;
}

/** One shape for every kind; which fields a kind needs and allows is `checkMessage`'s rule. */
export interface MessageBody {
  statement?: string | undefined;
  proofPoints?: string[] | undefined;
  differentiators?: string[] | undefined;
  text?: string | undefined;
  dos?: string[] | undefined;
  donts?: string[] | undefined;
  points?: string[] | undefined;
  strengths?: string[] | undefined;
  weaknesses?: string[] | undefined;
  objections?: Objection[] | undefined;
  landmines?: string[] | undefined;
}

export interface MessageFields {
  kind: string;
  title: string;
  persona: string | null;
  segment: string | null;
  stage: string | null;
  competitor: string | null;
  body: MessageBody;
}

export interface MessagingItem extends Omit<MessageFields, 'kind'> {
  id: string;
  kind: MessageKind;
  version: number;
  /** `YYYY-MM-DD`: when someone last confirmed it is still true (a battlecard's last review). */
  reviewedOn: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MessagingVersion extends Omit<MessageFields, 'kind'> {
  itemId: string;
  version: number;
  reviewedOn: string | null;
  author: string;
  createdAt: Date;
}

type BodyKey = keyof MessageBody;

/** Per kind: the body fields it requires, those it allows, and the scope it requires. */
const RULES: Record<
  MessageKind,
  { requires: BodyKey[]; allows: BodyKey[]; scope: (keyof Audience | 'segment' | 'competitor')[][] }
> = {
  // "value propositions per persona and segment": one of the two at least.
  value_proposition: { requires: ['statement'], allows: ['proofPoints'], scope: [['persona', 'segment']] },
  positioning: { requires: ['statement'], allows: ['differentiators'], scope: [] },
  brand_guideline: { requires: ['text'], allows: ['dos', 'donts'], scope: [] },
  talking_points: { requires: ['points'], allows: [], scope: [] },
  battlecard: {
    requires: [],
    allows: ['strengths', 'weaknesses', 'objections', 'landmines'],
    scope: [['competitor']],
  },
};

export function isMessageKind(value: string): value is MessageKind {
  return (MESSAGE_KINDS as readonly string[]).includes(value);
}

const BODY_KEYS: BodyKey[] = [
  'statement',
  'proofPoints',
  'differentiators',
  'text',
  'dos',
  'donts',
  'points',
  'strengths',
  'weaknesses',
  'objections',
  'landmines',
];

function cleanList(list: string[]): string[] {
  return list.map((x) => clean(x)).filter((x): x is string => typeof x === 'string');
}

/**
 * Checks a whole message (an edit is checked as the version it makes) and normalises it:
 * text trimmed, empty list entries dropped. Every broken rule names its path.
 */
export function checkMessage(input: MessageFields): { value: MessageFields; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const value: MessageFields = {
    kind: input.kind,
    title: clean(input.title) ?? '',
    persona: clean(input.persona) ?? null,
    segment: clean(input.segment) ?? null,
    stage: input.stage,
    competitor: clean(input.competitor) ?? null,
    body: {},
  };
  if (!value.title) issues.push({ path: '/title', message: 'must not be empty' });
  if (value.stage !== null && !isStage(value.stage))
    issues.push({ path: '/stage', message: `must be a funnel stage: ${STAGES.join(', ')}` });
  if (!isMessageKind(input.kind)) {
    issues.push({ path: '/kind', message: `must be one of ${MESSAGE_KINDS.join(', ')}` });
    return { value, issues };
  }
  const rule = RULES[input.kind];
  for (const key of BODY_KEYS) {
    const raw = input.body[key];
    if (raw === undefined) continue;
    if (!rule.requires.includes(key) && !rule.allows.includes(key)) {
      issues.push({ path: `/body/${key}`, message: `is not part of a ${input.kind}` });
      continue;
    }
    if (key === 'objections') {
      const objections = (raw as Objection[]).map((o) => ({
        objection: clean(o.objection) ?? '',
        answer: clean(o.answer) ?? '',
      }));
      objections.forEach((o, i) => {
        if (!o.objection)
          issues.push({ path: `/body/objections/${i}/objection`, message: 'must not be empty' });
        if (!o.answer)
          issues.push({ path: `/body/objections/${i}/answer`, message: 'needs an answer sales can give' });
      });
      value.body.objections = objections;
    } else if (Array.isArray(raw)) {
      (value.body as Record<string, unknown>)[key] = cleanList(raw as string[]);
    } else {
      const t = clean(raw as string);
      if (t) (value.body as Record<string, unknown>)[key] = t;
    }
  }
  for (const key of rule.requires) {
    const v = value.body[key];
    if (v === undefined || (Array.isArray(v) && v.length === 0))
      issues.push({ path: `/body/${key}`, message: `is required for a ${input.kind}` });
  }
  if (
    input.kind === 'battlecard' &&
    BODY_KEYS.every((k) => !(value.body[k] as unknown[] | undefined)?.length)
  )
    issues.push({
      path: '/body',
      message: 'a battlecard needs at least one of strengths, weaknesses, objections, landmines',
    });
  for (const oneOf of rule.scope)
    if (oneOf.every((k) => value[k] === null))
      issues.push({
        path: `/${oneOf[0]}`,
        message: `a ${input.kind} is for ${oneOf.length > 1 ? `a ${oneOf.join(' or a ')}` : `a ${oneOf[0]}`}: name it`,
      });
  return { value, issues };
}

/**
 * The agreed talking points for a person (the hand-off package): those of their persona and
 * stage, the most specific first, without repeats; null when none apply.
 */
export function talkingPointsFor(
  items: readonly Pick<MessagingItem, 'kind' | 'persona' | 'stage' | 'body' | 'archivedAt' | 'updatedAt'>[],
  audience: Audience,
): string[] | null {
  const ranked = items
    .filter((i) => i.kind === 'talking_points' && i.archivedAt === null)
    .map((i) => ({ i, rank: fitRank(i, audience) }))
    .filter((x): x is { i: (typeof items)[number]; rank: number } => x.rank !== undefined)
    .sort((a, b) => b.rank - a.rank || b.i.updatedAt.getTime() - a.i.updatedAt.getTime());
  const points = [...new Set(ranked.flatMap((x) => x.i.body.points ?? []))];
  return points.length > 0 ? points : null;
}
