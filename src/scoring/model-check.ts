import type { FieldIssue } from '../core/index.js';
import type { ScoringModel } from './rules.js';

/**
 * What the TypeBox schema cannot say about a scoring model: every pattern compiles and
 * cannot backtrack without bound, `each` rules have something to count, filters filter.
 * The agreement is user input, so a bad model is refused before it is compiled, with the
 * path of each problem (`/rules/3/when/0/matchesAny/1`).
 */
export function checkModel(model: ScoringModel): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  model.rules.forEach((rule, r) => {
    const at = `/rules/${r}`;
    if (seen.has(rule.id)) issues.push({ path: `${at}/id`, message: `duplicate rule id ${rule.id}` });
    seen.add(rule.id);
    let events = 0;
    rule.when.forEach((condition, c) => {
      const cat = `${at}/when/${c}`;
      if ('field' in condition) {
        const { matchesAny, in: values, min, max } = condition;
        if (!matchesAny && !values && min === undefined && max === undefined)
          issues.push({ path: cat, message: 'needs matchesAny, in, min or max' });
        if (min !== undefined && max !== undefined && min > max)
          issues.push({ path: `${cat}/min`, message: 'must not exceed max' });
        for (const [p, pattern] of (matchesAny ?? []).entries())
          checkPattern(pattern, `${cat}/matchesAny/${p}`, issues);
      } else if ('events' in condition) {
        events++;
        const where = condition.where;
        if (where) {
          if (where.property === undefined && where.urlMatchesAny === undefined)
            issues.push({ path: `${cat}/where`, message: 'needs property or urlMatchesAny' });
          if (where.in !== undefined && where.property === undefined)
            issues.push({ path: `${cat}/where/in`, message: 'needs a property to compare' });
          for (const [p, pattern] of (where.urlMatchesAny ?? []).entries())
            checkPattern(pattern, `${cat}/where/urlMatchesAny/${p}`, issues);
        }
      }
    });
    if (rule.count === 'each' && events === 0)
      issues.push({ path: `${at}/count`, message: 'each needs an event condition to count' });
  });
  return issues;
}

/**
 * A group that holds a quantifier or an alternation and is itself repeated — `(a+)+`,
 * `(a|ab)*` — can take exponential time on a crafted title or URL. Patterns in the agreement
 * are short keyword tests; they never need one.
 */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[*+}|])(?:[^()\\]|\\.)*\)(?:[*+]|\{\d)/;
const BACKREFERENCE = /\\[1-9]/;

function checkPattern(pattern: string, path: string, issues: FieldIssue[]): void {
  try {
    new RegExp(pattern, 'i');
  } catch (error) {
    issues.push({ path, message: `not a valid regular expression: ${(error as Error).message}` });
    return;
  }
  if (NESTED_QUANTIFIER.test(pattern) || BACKREFERENCE.test(pattern))
    issues.push({ path, message: 'repeats a repeated group or uses a backreference (may run for too long)' });
}
