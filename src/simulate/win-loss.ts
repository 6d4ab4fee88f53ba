import { DAY, HOUR } from '../core/index.js';
import { COMPETITORS } from './company.js';
import type { Step } from './journey.js';

/**
 * How reps give win/loss feedback in the demo (seed 001: within 48 hours of the close). Most
 * close a deal with the full record; some close only the stage (as a CRM sync does) and answer
 * later, in time or late; a few never do, so the win/loss clocks and the compliance row have
 * something to show. Decided by a hash of the deal, not the journeys' random stream, so a
 * seed's other figures do not move.
 */
export type FeedbackPlan = 'at_close' | 'on_time' | 'late' | 'never';

/** FNV-1a: a stable 32-bit hash of a string. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function feedbackPlan(key: string): FeedbackPlan {
  const n = hash(key) % 100;
  return n < 70 ? 'at_close' : n < 85 ? 'on_time' : n < 95 ? 'late' : 'never';
}

/** The agreed win reason a winning factor of the simulator stands for. */
const WIN_REASON: Record<string, string> = {
  'Speed to lead': 'responsiveness',
  'Shared funnel reporting': 'product_fit',
  'SLA automation': 'product_fit',
  Price: 'value',
  Champion: 'relationship',
  'Integration with CRM': 'integration',
};

export function winReason(winningFactor: string | undefined): string {
  return (winningFactor && WIN_REASON[winningFactor]) || 'product_fit';
}

/** A competitor named in DQ-05 notes and won deals, picked by the hash of `key`. */
export function competitorFor(key: string): string {
  return COMPETITORS[hash(key) % COMPETITORS.length]!;
}

type Close = Extract<Step, { kind: 'close_opp' }>;

/**
 * Rewrites each close to its feedback plan: a won deal names the competitor it beat two times
 * in five; a stage-only close drops the record, and a `win_loss` step brings it hours (in time)
 * or days (late) after.
 */
export function planWinLossFeedback(steps: Step[]): Step[] {
  const out: Step[] = [];
  for (const step of steps) {
    if (step.kind !== 'close_opp') {
      out.push(step);
      continue;
    }
    const key = `${step.lead.key}|${step.at}`;
    const full: Close = {
      ...step,
      ...(step.outcome === 'won' && {
        reason: winReason(step.winningFactor),
        ...(hash(`${key}|beat`) % 5 < 2 && { competitor: competitorFor(key) }),
      }),
    };
    const plan = feedbackPlan(key);
    if (plan === 'at_close') {
      out.push(full);
      continue;
    }
    out.push({ ...full, stageOnly: true });
    if (plan === 'never') continue;
    const delay =
      plan === 'on_time' ? (2 + (hash(`${key}|d`) % 20)) * HOUR : (3 + (hash(`${key}|d`) % 4)) * DAY;
    out.push({
      kind: 'win_loss',
      at: step.at + delay,
      lead: step.lead,
      reasonCode: full.reason,
      competitor: full.competitor,
      winningFactor: full.winningFactor,
    });
  }
  return out;
}
