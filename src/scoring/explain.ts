import type { RuleResult, ScoreResult } from './compile.js';

/** Event ids listed in full up to this many; longer lists end with "and N more". */
const MAX_IDS = 10;

/**
 * A score in words, one line per rule that fired and one for the decay, each with its
 * evidence: "+20 Title matches ICP: VP, Director, C-suite in target function (title: VP Marketing)",
 * "-10 = -5 × 2 weeks inactivity decay (last engagement e-9 on 2026-09-01, after 30 days)".
 * Both teams read the same lines; marketing ops can check every point against the agreement.
 */
export function explain(result: ScoreResult): string[] {
  const lines = result.rules.map(explainRule);
  const inactivity = result.inactivity;
  if (inactivity !== null && result.decay !== 0) {
    const { weeks, pointsPerWeek, afterDays, lastEngagementEventId } = inactivity;
    const full = pointsPerWeek * weeks;
    const since = result.lastEngagementAt ? ` on ${day(result.lastEngagementAt)}` : '';
    const limited = full === result.decay ? '' : ', limited to the engagement score';
    lines.push(
      `${signed(result.decay)} = ${signed(pointsPerWeek)} × ${weeks} ${weeks === 1 ? 'week' : 'weeks'} inactivity decay${limited}` +
        ` (last engagement ${lastEngagementEventId ?? 'none'}${since}, after ${afterDays} days)`,
    );
  }
  return lines;
}

/** "Score 62 = fit 40 + engagement 22: MQL (threshold 50)". */
export function summarize(result: ScoreResult): string {
  const verdict = result.qualifies ? 'MQL' : 'below the MQL threshold';
  return `Score ${result.total} = fit ${result.fit} + engagement ${result.engagement}: ${verdict} (threshold ${result.threshold})`;
}

function explainRule(rule: RuleResult): string {
  const { field, value, eventIds, count, unit } = rule.evidence;
  const parts: string[] = [];
  if (field !== undefined && value !== undefined) parts.push(`${field}: ${value}`);
  if (eventIds !== undefined && count !== undefined) {
    const noun = unit === 'session' ? 'session' : 'event';
    const shown = eventIds.slice(0, MAX_IDS).join(', ');
    const more = eventIds.length > MAX_IDS ? ` and ${eventIds.length - MAX_IDS} more` : '';
    const over = unit === 'session' ? ` over ${eventIds.length} page views` : '';
    parts.push(`${count} ${count === 1 ? noun : `${noun}s`}${over}: ${shown}${more}`);
  }
  if (rule.uncapped !== undefined) parts.push(`capped from ${signed(rule.uncapped)}`);
  return `${signed(rule.points)} ${rule.label}${parts.length > 0 ? ` (${parts.join('; ')})` : ''}`;
}

function signed(points: number): string {
  return points >= 0 ? `+${points}` : `${points}`;
}

function day(at: Date): string {
  return at.toISOString().slice(0, 10);
}
