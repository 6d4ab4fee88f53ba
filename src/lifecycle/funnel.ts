import { DQ_CODES, STAGE_LABELS, STAGES, TRANSITIONS } from './model.js';

/** The funnel as data for the API and the CLI. */
export function describeFunnel() {
  return {
    stages: STAGES.map((stage) => ({ stage, label: STAGE_LABELS[stage] })),
    transitions: TRANSITIONS.map((t) => ({
      from: t.from,
      to: t.to,
      actors: t.actors.length > 0 ? [...t.actors, 'admin', 'revops'] : ['admin', 'revops'],
      requires: [...t.requires],
      trigger: t.trigger,
    })),
    dqCodes: Object.entries(DQ_CODES).map(([code, d]) => ({
      code,
      reason: d.reason,
      marketingAction: d.marketingAction,
    })),
  };
}
