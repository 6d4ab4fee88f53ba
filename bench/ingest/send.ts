import { performance } from 'node:perf_hooks';
import type { BenchEvent } from './events.js';

/**
 * A closed loop of `concurrency` senders over Node's built-in fetch (undici, keep-alive: one
 * TCP connection per sender, reused). Each sender serialises its next batch, posts it and
 * waits for the answer before taking the next one, so the figure is what a client that
 * waits for acknowledgements gets, and every per-event result is checked. (autocannon
 * measures a server at a fixed request set and is built around latency under load; it
 * would need a million events pre-built as request bodies and does not hand back each
 * response for the checks.)
 */
export interface SendReport {
  events: number;
  batches: number;
  seconds: number;
  /** Acknowledged into the inbox (asynchronous mode). */
  accepted: number;
  stored: number;
  duplicates: number;
  rejected: number;
  /** Batches answered 5xx or cut off and sent again (ingestion is idempotent by event id). */
  retries: number;
  retryReasons: string[];
  /** Per-batch round trip, ms. */
  p50: number;
  p95: number;
  max: number;
}

export interface SendOptions {
  url: string;
  key: string;
  concurrency: number;
  /** `Prefer: respond-async`: acknowledged once in the inbox (202), processed by the server's worker. */
  async?: boolean;
  /** Attempts per batch after the first on a 5xx or a network error. */
  retries?: number;
  progress?: (events: number) => void;
}

interface IngestAnswer {
  accepted: number;
  stored: number;
  duplicates: number;
  rejected: number;
  results: { eventId: string; status: string; errors?: unknown[] }[];
}

export async function sendBatches(
  batches: Iterator<BenchEvent[]>,
  options: SendOptions,
): Promise<SendReport> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.key}`,
    'content-type': 'application/json',
  };
  if (options.async) headers.prefer = 'respond-async';
  const ok = options.async ? 202 : 200;
  const maxRetries = options.retries ?? 3;
  const report: SendReport = {
    events: 0,
    batches: 0,
    seconds: 0,
    accepted: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    retries: 0,
    retryReasons: [],
    p50: 0,
    p95: 0,
    max: 0,
  };
  const latencies: number[] = [];
  let failure: Error | undefined;

  const post = async (batch: BenchEvent[]): Promise<void> => {
    const body = JSON.stringify({ events: batch });
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      let status = 0;
      let text = '';
      try {
        const response = await fetch(`${options.url}/v1/events`, { method: 'POST', headers, body });
        status = response.status;
        text = await response.text();
      } catch (error) {
        text = String((error as Error).cause ?? error);
      }
      if (status === ok) {
        latencies.push(performance.now() - started);
        const answer = JSON.parse(text) as IngestAnswer;
        report.accepted += answer.accepted;
        report.stored += answer.stored;
        report.duplicates += answer.duplicates;
        report.rejected += answer.rejected;
        if (answer.rejected > 0 && !failure) {
          const bad = answer.results.find((r) => r.status === 'rejected');
          failure = new Error(`events rejected, first: ${JSON.stringify(bad)}`);
        }
        return;
      }
      const reason = `${status || 'network error'}: ${text.slice(0, 300)}`;
      if ((status === 0 || status >= 500) && attempt < maxRetries) {
        report.retries++;
        if (report.retryReasons.length < 5) report.retryReasons.push(reason);
        continue;
      }
      throw new Error(`POST /v1/events of ${batch.length} events failed (${reason})`);
    }
  };

  const sender = async () => {
    while (!failure) {
      const next = batches.next();
      if (next.done) return;
      try {
        await post(next.value);
      } catch (error) {
        failure ??= error as Error;
        return;
      }
      report.batches++;
      report.events += next.value.length;
      options.progress?.(report.events);
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  report.seconds = (performance.now() - started) / 1000;
  if (failure) throw failure;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  report.p50 = at(0.5);
  report.p95 = at(0.95);
  report.max = latencies[latencies.length - 1] ?? 0;
  return report;
}
