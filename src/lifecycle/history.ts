import type { Stage } from './model.js';

/** One stored move; the history of a person is the ordered list of these. */
export interface StageChange {
  personId: string;
  from: Stage | null;
  to: Stage;
  at: Date;
  actorType: string;
  actorId: string | null;
  reason: string | null;
  reasonCode: string | null;
  /** The agreement version the move was decided under (automatic moves such as Lead -> MQL). */
  agreementVersion?: number | null | undefined;
}

export interface StageSpan {
  stage: Stage;
  enteredAt: Date;
  exitedAt: Date | null;
  /** Milliseconds spent in the stage, up to `now` for the current one. */
  durationMs: number;
}

/** Time in each stage, computed from the history alone (ordered by time). */
export function stageSpans(history: readonly StageChange[], now: Date): StageSpan[] {
  const sorted = [...history].sort((a, b) => a.at.getTime() - b.at.getTime());
  return sorted.map((change, i) => {
    const next = sorted[i + 1];
    const exitedAt = next ? next.at : null;
    return {
      stage: change.to,
      enteredAt: change.at,
      exitedAt,
      durationMs: (exitedAt ?? now).getTime() - change.at.getTime(),
    };
  });
}

export interface Conversion {
  from: Stage;
  to: Stage;
  /** People who entered `from` in the window. */
  entered: number;
  /** Of those, people who later reached `to` (directly or through other stages). */
  converted: number;
  rate: number | null;
  /** Median time from entering `from` to first reaching `to`, for the converted. */
  medianMs: number | null;
}

/**
 * Stage-to-stage conversion over a cohort: everyone who entered `from` in [since, until),
 * and of them who later entered `to`. Computed from stage history alone.
 */
export function conversion(
  history: readonly StageChange[],
  from: Stage,
  to: Stage,
  since: Date,
  until: Date,
): Conversion {
  const byPerson = new Map<string, StageChange[]>();
  for (const change of history) {
    const list = byPerson.get(change.personId) ?? [];
    list.push(change);
    byPerson.set(change.personId, list);
  }
  let entered = 0;
  const durations: number[] = [];
  for (const changes of byPerson.values()) {
    changes.sort((a, b) => a.at.getTime() - b.at.getTime());
    const entry = changes.find((c) => c.to === from && c.at >= since && c.at < until);
    if (!entry) continue;
    entered++;
    const reached = changes.find((c) => c.to === to && c.at >= entry.at && c !== entry);
    if (reached) durations.push(reached.at.getTime() - entry.at.getTime());
  }
  durations.sort((a, b) => a - b);
  const mid = Math.floor(durations.length / 2);
  const medianMs =
    durations.length === 0
      ? null
      : durations.length % 2 === 1
        ? durations[mid]!
        : (durations[mid - 1]! + durations[mid]!) / 2;
  return {
    from,
    to,
    entered,
    converted: durations.length,
    rate: entered === 0 ? null : durations.length / entered,
    medianMs,
  };
}
