import { Compile } from 'typebox/compile';
import { Settings } from 'typebox/system';
import { type FieldIssue, ValidationError } from '../core/index.js';
import { checkModel, ScoringModel } from '../scoring/index.js';
import { AgreementDocument } from './model.js';

/**
 * Validation of an agreement document: the TypeBox schema, then the rules a schema cannot
 * say (unique ids, regular expressions that compile, ranges in order, and the scoring
 * engine's own checks). Every problem is reported at once with its JSON path, e.g.
 * `/scoring/rules/3/points: must be <= 1000`.
 */

const validator = Compile(AgreementDocument);
const scoringValidator = Compile(ScoringModel);

/** Enough for any document a person writes; bounded because documents come from users. */
const MAX_SCHEMA_ERRORS = 200;

/** Flags the scoring engine compiles `matchesAny` / `urlMatchesAny` with (case-insensitive). */
export const PATTERN_FLAGS = 'i';

interface SchemaError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

export type AgreementValidation =
  | { valid: true; document: AgreementDocument; errors: [] }
  | { valid: false; errors: FieldIssue[] };

export function validateAgreement(value: unknown): AgreementValidation {
  const rules = ruleIssues(value);
  const errors = dedupe([
    ...(validator.Check(value) ? [] : schemaIssues(value)),
    ...rules,
    ...scoringEngineIssues(value, rules),
  ]);
  if (errors.length > 0) return { valid: false, errors };
  return { valid: true, document: structuredClone(value) as AgreementDocument, errors: [] };
}

/** The document, or a `ValidationError` naming every bad field (paths prefixed with `at`). */
export function parseAgreementDocument(value: unknown, at = ''): AgreementDocument {
  const result = validateAgreement(value);
  if (result.valid) return result.document;
  throw invalidAgreement(result.errors.map((issue) => ({ ...issue, path: `${at}${issue.path}` })));
}

export function invalidAgreement(issues: FieldIssue[]): ValidationError {
  const count = issues.length === 1 ? '1 error' : `${issues.length} errors`;
  const first = issues[0] ? `: ${issues[0].path || '/'}: ${issues[0].message}` : '';
  return new ValidationError(`The agreement is invalid (${count})${first}`, issues);
}

// ---- schema errors, as paths a person can act on

function rawErrors(value: unknown): SchemaError[] {
  // TypeBox buffers 8 errors by default (a process-wide setting): raise it for this
  // synchronous call only, so that one bad union does not hide the errors after it.
  const previous = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: MAX_SCHEMA_ERRORS });
  try {
    return validator.Errors(value) as unknown as SchemaError[];
  } finally {
    Settings.Set({ maxErrors: previous });
  }
}

function schemaIssues(value: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const error of resolveUnions(rawErrors(value), value)) {
    const path = error.instancePath;
    if (path === '' && error.keyword === 'type') {
      issues.push({
        path,
        message: `must be an object with ${Object.keys(AgreementDocument.properties).join(', ')}`,
      });
      continue;
    }
    switch (error.keyword) {
      case 'required':
        for (const name of error.params.requiredProperties as string[])
          issues.push({ path: `${path}/${name}`, message: 'is required' });
        break;
      case 'additionalProperties':
        for (const name of error.params.additionalProperties as string[])
          issues.push({ path: `${path}/${name}`, message: 'is not a known property' });
        break;
      case 'boolean':
        // `additionalProperties: false` reports each extra property once more: said above.
        if (!error.schemaPath.endsWith('/additionalProperties'))
          issues.push({ path, message: error.message });
        break;
      case 'enum':
        issues.push({
          path,
          message: `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`,
        });
        break;
      default:
        issues.push({ path, message: error.message });
    }
  }
  return issues;
}

/**
 * A value that matches no branch of a union (a scoring condition) gets the errors of every
 * branch. Keep those of the branch the value meant (the one whose required properties it
 * has, e.g. `field`, `flags` or `events`), or else one error saying what it must have.
 */
function resolveUnions(errors: SchemaError[], value: unknown): SchemaError[] {
  let kept = errors;
  const unions = errors
    .filter((e) => e.keyword === 'anyOf')
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const union of unions) {
    const branchPath = `${union.schemaPath}/anyOf/`;
    const inUnion = (e: SchemaError) =>
      e.schemaPath.startsWith(branchPath) &&
      (e.instancePath === union.instancePath || e.instancePath.startsWith(`${union.instancePath}/`));
    const branches = (pointer(AgreementDocument, union.schemaPath) as { anyOf?: unknown[] })?.anyOf ?? [];
    const target = pointer(value, union.instancePath);
    const meant = branches.findIndex(
      (branch) =>
        isRecord(target) &&
        requiredOf(branch).length > 0 &&
        requiredOf(branch).every((k) => Object.hasOwn(target, k)),
    );
    const ofBranch = (e: SchemaError) =>
      e.schemaPath === `${branchPath}${meant}` || e.schemaPath.startsWith(`${branchPath}${meant}/`);
    kept = kept.filter((e) => e !== union && (!inUnion(e) || (meant >= 0 && ofBranch(e))));
    if (meant < 0) {
      const keys = branches.map((b) => requiredOf(b)[0]).filter((k): k is string => k !== undefined);
      kept.push({
        ...union,
        keyword: 'union',
        message: `must be an object with one of the properties ${keys.join(', ')}`,
      });
    }
  }
  return kept;
}

function requiredOf(schema: unknown): string[] {
  return isRecord(schema) && Array.isArray(schema.required) ? (schema.required as string[]) : [];
}

/** Follows a JSON pointer (`#/a/b` or `/a/0`) into a value; undefined when it leads nowhere. */
function pointer(root: unknown, path: string): unknown {
  const segments = path.replace(/^#/, '').split('/').slice(1);
  let at: unknown = root;
  for (const raw of segments) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isRecord(at) && !Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

// ---- rules beyond the schema; written against `unknown` so they run even when the schema fails

function ruleIssues(value: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isRecord(value)) return issues;
  const scoring = isRecord(value.scoring) ? value.scoring : {};
  const ids = new Map<string, number>();
  list(scoring.rules).forEach((rule, i) => {
    if (!isRecord(rule)) return;
    const at = `/scoring/rules/${i}`;
    if (typeof rule.id === 'string') {
      const first = ids.get(rule.id);
      if (first === undefined) ids.set(rule.id, i);
      else issues.push({ path: `${at}/id`, message: `"${rule.id}" is already the id of rule ${first}` });
    }
    let countsEvents = false;
    list(rule.when).forEach((condition, j) => {
      if (!isRecord(condition)) return;
      const where = `${at}/when/${j}`;
      if ('field' in condition) issues.push(...fieldConditionIssues(condition, where));
      if ('events' in condition) {
        countsEvents = true;
        if (isRecord(condition.where))
          issues.push(...patternIssues(condition.where.urlMatchesAny, `${where}/where/urlMatchesAny`));
      }
    });
    if (rule.count === 'each' && Array.isArray(rule.when) && !countsEvents)
      issues.push({
        path: `${at}/count`,
        message: '"each" counts events: the rule needs an event condition',
      });
  });
  const codes = new Map<string, number>();
  list(value.disqualificationCodes).forEach((row, i) => {
    if (!isRecord(row) || typeof row.code !== 'string') return;
    const first = codes.get(row.code);
    if (first === undefined) codes.set(row.code, i);
    else
      issues.push({
        path: `/disqualificationCodes/${i}/code`,
        message: `"${row.code}" is already the code of row ${first}`,
      });
  });
  issues.push(...routingIssues(value.routing));
  issues.push(...targetsIssues(value.targets));
  return issues;
}

/** The reverse funnel divides revenue by deal size: both in one currency. */
function targetsIssues(targets: unknown): FieldIssue[] {
  if (!isRecord(targets) || !isRecord(targets.revenuePerPeriod) || !isRecord(targets.averageDealSize))
    return [];
  const revenue = targets.revenuePerPeriod.currency;
  const deal = targets.averageDealSize.currency;
  if (typeof revenue !== 'string' || typeof deal !== 'string' || revenue === deal) return [];
  return [
    {
      path: '/targets/averageDealSize/currency',
      message: `must be the currency of revenuePerPeriod (${revenue})`,
    },
  ];
}

/** Rule names are how a telequalified lead finds its AE rule again: they must be unique; bands must be in order. */
function routingIssues(routing: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isRecord(routing)) return issues;
  const names = new Map<string, number>();
  list(routing.rules).forEach((rule, i) => {
    if (!isRecord(rule)) return;
    if (typeof rule.name === 'string') {
      const first = names.get(rule.name);
      if (first === undefined) names.set(rule.name, i);
      else
        issues.push({
          path: `/routing/rules/${i}/name`,
          message: `"${rule.name}" is already the name of rule ${first}`,
        });
    }
    const when = isRecord(rule.when) ? rule.when : {};
    if (
      typeof when.employeesMin === 'number' &&
      typeof when.employeesMax === 'number' &&
      when.employeesMin > when.employeesMax
    )
      issues.push({
        path: `/routing/rules/${i}/when/employeesMax`,
        message: `must be at least employeesMin (${when.employeesMin})`,
      });
  });
  const territories = new Map<string, number>();
  list(routing.territories).forEach((t, i) => {
    if (!isRecord(t) || typeof t.name !== 'string') return;
    const first = territories.get(t.name.toLowerCase());
    if (first === undefined) territories.set(t.name.toLowerCase(), i);
    else
      issues.push({
        path: `/routing/territories/${i}/name`,
        message: `"${t.name}" is already territory ${first}`,
      });
  });
  return issues;
}

/**
 * The scoring engine's own checks (`checkModel`: patterns that could backtrack without
 * bound, filters that filter nothing), so that no version can be approved that the engine
 * would refuse to compile. A rule or condition already reported above is not reported twice.
 */
function scoringEngineIssues(value: unknown, reported: FieldIssue[]): FieldIssue[] {
  const scoring = isRecord(value) ? value.scoring : undefined;
  if (!scoringValidator.Check(scoring)) return [];
  const place = (path: string) => /^\/scoring\/rules\/\d+(\/when\/\d+)?/.exec(path)?.[0] ?? path;
  const seen = new Set(reported.map((issue) => place(issue.path)));
  return checkModel(scoring)
    .map((issue) => ({ path: `/scoring${issue.path}`, message: issue.message }))
    .filter((issue) => !seen.has(place(issue.path)));
}

/** A field condition tests one thing: a pattern list, a value list, or a numeric range. */
function fieldConditionIssues(condition: Record<string, unknown>, at: string): FieldIssue[] {
  const issues = patternIssues(condition.matchesAny, `${at}/matchesAny`);
  const tests = [
    'matchesAny' in condition && 'matchesAny',
    'in' in condition && 'in',
    ('min' in condition || 'max' in condition) && 'min/max',
  ].filter((t): t is string => typeof t === 'string');
  if (tests.length === 0) issues.push({ path: at, message: 'needs one of matchesAny, in or min/max' });
  if (tests.length > 1)
    issues.push({
      path: at,
      message: `must have only one of matchesAny, in or min/max, not ${tests.join(' and ')}`,
    });
  const { min, max } = condition;
  if (typeof min === 'number' && typeof max === 'number' && min > max)
    issues.push({ path: `${at}/max`, message: `must be >= min (${min})` });
  return issues;
}

function patternIssues(patterns: unknown, at: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  list(patterns).forEach((pattern, i) => {
    if (typeof pattern !== 'string') return;
    try {
      new RegExp(pattern, PATTERN_FLAGS);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      issues.push({ path: `${at}/${i}`, message: `is not a valid regular expression (${reason})` });
    }
  });
  return issues;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
