import { type PhaseReport, percentiles } from './load.js';

/**
 * Asynchronous routing (`--mode async`): when the worker is done, and how long each lead took
 * from its request to the worker's commit.
 */

/** Until the server's worker has processed every accepted event. */
export async function drained(url: string, key: string): Promise<void> {
  for (let i = 0; i < 6_000; i++) {
    const response = await fetch(`${url}/v1/ingestion`, { headers: { authorization: `Bearer ${key}` } });
    const backlog = (await response.json()) as { waiting: number };
    if (backlog.waiting === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the inbox did not drain within 10 minutes');
}

/** Request sent -> routed, per asynchronous routing phase, from the outcome rows' processed_at. */
export async function fillRouted(
  query: (sql: string) => Promise<Record<string, unknown>[]>,
  reports: PhaseReport[],
): Promise<void> {
  const rows = await query(
    "select event_id, extract(epoch from processed_at) * 1000 as ms from event_outcomes where event_id like '%-demo'",
  );
  const processed = new Map(rows.map((r) => [String(r.event_id), Number(r.ms)]));
  for (const report of reports) {
    if (report.sentAt.size === 0) continue;
    const samples: number[] = [];
    for (const [eventId, sent] of report.sentAt) {
      const at = processed.get(eventId);
      if (at !== undefined) samples.push(at - sent);
    }
    samples.sort((a, b) => a - b);
    // The worker's rate: leads routed over the span from the first request sent to the last lead routed.
    const times = [...report.sentAt].flatMap(([id, sent]) => {
      const at = processed.get(id);
      return at === undefined ? [] : [{ sent, at }];
    });
    const first = Math.min(...times.map((t) => t.sent));
    const last = Math.max(...times.map((t) => t.at));
    const perSecond = times.length / Math.max(0.001, (last - first) / 1000);
    report.routed = { ...percentiles(samples), count: samples.length, perSecond };
  }
}
