import type { CompiledModel } from './compile.js';
import type { ReplayPerson } from './replay.js';

/** An MQL with the decision sales made on it, and the score and rules at the moment it qualified. */
export interface Decided {
  accepted: boolean;
  won: boolean;
  score: number;
  rules: readonly string[];
}

export interface Band {
  band: string;
  min: number;
  max: number | null;
  mqls: number;
  accepted: number;
  acceptance: number | null;
  won: number;
}

export interface RuleLift {
  rule: string;
  mqls: number;
  acceptance: number | null;
  /** Acceptance with the rule over acceptance of all decided MQLs (1 = no information). */
  lift: number | null;
}

export interface CalibrationReport {
  decided: number;
  acceptance: number | null;
  target: number;
  threshold: number;
  bands: Band[];
  rules: RuleLift[];
  /** The lowest threshold whose MQLs sales would have accepted at the target rate, and its volume. */
  suggestion: { threshold: number; mqls: number; acceptance: number; volumeChange: number } | null;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Conversion by score band, lift per rule, and the threshold that would hold MQL -> SQL
 * acceptance at the target (seed 001: 60%), computed from MQLs with a sales decision.
 * The score used is the score at the moment the person qualified (what sales saw).
 */
export function calibrate(
  decided: readonly Decided[],
  threshold: number,
  target: number,
  bandWidth = 10,
): CalibrationReport {
  const accepted = decided.filter((d) => d.accepted).length;
  const overall = rate(accepted, decided.length);

  const bands: Band[] = [];
  const scores = decided.map((d) => d.score);
  const top = scores.length > 0 ? Math.max(...scores) : threshold;
  const lowest = scores.length > 0 ? Math.min(...scores) : threshold;
  for (let min = Math.floor(lowest / bandWidth) * bandWidth; min <= top; min += bandWidth) {
    const inBand = decided.filter((d) => d.score >= min && d.score < min + bandWidth);
    if (inBand.length === 0) continue;
    const ok = inBand.filter((d) => d.accepted).length;
    bands.push({
      band: `${min}-${min + bandWidth - 1}`,
      min,
      max: min + bandWidth - 1,
      mqls: inBand.length,
      accepted: ok,
      acceptance: rate(ok, inBand.length),
      won: inBand.filter((d) => d.won).length,
    });
  }

  const ruleIds = [...new Set(decided.flatMap((d) => d.rules))].sort();
  const rules: RuleLift[] = ruleIds.map((rule) => {
    const withRule = decided.filter((d) => d.rules.includes(rule));
    const acceptance = rate(withRule.filter((d) => d.accepted).length, withRule.length);
    return {
      rule,
      mqls: withRule.length,
      acceptance,
      lift: acceptance === null || !overall ? null : acceptance / overall,
    };
  });

  let suggestion: CalibrationReport['suggestion'] = null;
  const current = decided.filter((d) => d.score >= threshold).length;
  for (const candidate of [...new Set(scores)].sort((a, b) => a - b)) {
    const passing = decided.filter((d) => d.score >= candidate);
    const acceptance = rate(passing.filter((d) => d.accepted).length, passing.length);
    if (acceptance !== null && acceptance >= target) {
      suggestion = {
        threshold: candidate,
        mqls: passing.length,
        acceptance,
        volumeChange: passing.length - current,
      };
      break;
    }
  }
  return { decided: decided.length, acceptance: overall, target, threshold, bands, rules, suggestion };
}

/** The score and rules at the moment a person first qualified under `model`, if ever. */
export function atQualification(
  model: CompiledModel,
  person: ReplayPerson,
  until: Date,
): { score: number; rules: string[] } | undefined {
  const events = person.events;
  for (let i = 0; i < events.length; i++) {
    const at = new Date(events[i]!.occurredAt);
    if (at > until) break;
    const result = model.score(person.facts, events.slice(0, i + 1), at);
    if (result.qualifies) return { score: result.total, rules: result.rules.map((r) => r.id) };
  }
  return undefined;
}
