import autocannon from 'autocannon';

/**
 * One timed phase: autocannon against `POST /v1/events` at a fixed overall rate, each request
 * a new body from `setupRequest`, each answer checked in `onResponse`.
 *
 * `routing`: a NEW person (unique email, a company of their own) who becomes an MQL in that
 * one request: a pricing page view and a demo request, with a title, size, industry and
 * country the default model scores (title 20 + size 15 + industry 10 + geography 5 +
 * pricing 15 + demo 25 = 90, threshold 50), so the request scores, qualifies and routes them
 * and writes the `lead.routed` outbox row, all in its one commit.
 *
 * `baseline`: one anonymous `page_view` by a new visitor id: an append with no person, no
 * scoring and no routing, through the same endpoint, validation, auth and transaction.
 */
/**
 * `ideal`: the routing requests, to the route of bench/routing/ideal-server.ts (`--ideal`),
 * which writes the same leads in the fewest round trips the work allows.
 */
export type PhaseKind = 'baseline' | 'routing' | 'ideal';

/** Where each kind of request goes. */
const PATHS: Record<PhaseKind, string> = {
  baseline: '/v1/events',
  routing: '/v1/events',
  ideal: '/bench/ideal-events',
};

export interface PhaseOptions {
  url: string;
  key: string;
  rate: number;
  seconds: number;
  connections: number;
  /** Unique per run and phase: it prefixes every event id, email and visitor id. */
  tag: string;
  /** `Prefer: respond-async` on routing requests: answered 202 once in the inbox; the worker routes. */
  async?: boolean;
  /**
   * Evenly paced arrivals instead of autocannon's own pacing: `rate` autocannon instances of one
   * connection and one request a second each, started 1/rate s apart. autocannon's
   * `overallRate` lets each connection send its share of a second back to back from the start
   * of each second, so the server sees bursts with every connection waiting; here a request
   * arrives every 1/rate s whatever the answers before it.
   */
  paced?: boolean;
}

export interface PhaseReport {
  kind: PhaseKind;
  tag: string;
  seconds: number;
  /** Answered 2xx with every event stored. */
  ok: number;
  /** Requests sent (bodies built), including any cut off when the phase ended. */
  sent: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx answers whose body did not say every event was stored. */
  bad: number;
  firstProblem: string | undefined;
  /** autocannon's latency histogram, ms. */
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** The same, from this process's own float timings of the 2xx answers (setupRequest to onResponse). */
  exact: { p50: number; p90: number; p99: number; max: number };
  /** Asynchronous routing: the wall-clock ms each request was sent at, by its demo event's id. */
  sentAt: Map<string, number>;
  /** Asynchronous routing: request sent -> the worker's transaction routing the lead done (filled in by run.ts). */
  routed?: { p50: number; p90: number; p99: number; max: number; count: number; perSecond: number };
}

/** Each figure to a tenth of a millisecond. */
function tenths<T extends Record<string, number>>(figures: T): T {
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v * 10) / 10])) as T;
}

/** Percentiles of sorted samples. */
export function percentiles(sorted: number[]): { p50: number; p90: number; p99: number; max: number } {
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

const TITLES = ['VP Marketing', 'VP of Sales', 'Director of Demand Generation', 'Head of Growth', 'CMO'];
const INDUSTRIES = ['Software', 'Financial Services', 'Healthcare', 'Professional Services'];
/** Half North America, half EMEA: both SDR territories get work. */
const COUNTRIES = ['United States', 'Germany', 'Canada', 'United Kingdom'];

export function routingBody(tag: string, n: number, now: number): string {
  const email = `mql-${tag}-${n}@co-${tag}-${n}.example`;
  const person = {
    firstName: 'Bench',
    lastName: `Lead ${n}`,
    title: TITLES[n % TITLES.length]!,
    company: `Company ${tag} ${n}`,
    country: COUNTRIES[n % COUNTRIES.length]!,
    industry: INDUSTRIES[n % INDUSTRIES.length]!,
    employees: 120 + ((n * 37) % 281), // 120-400: the mid-market band, inside the ICP's 50-500
  };
  const visitorId = `v-${tag}-${n}`;
  return JSON.stringify({
    events: [
      {
        eventId: `${tag}-${n}-pricing`,
        type: 'pricing_page_view',
        occurredAt: new Date(now - 60_000).toISOString(),
        email,
        visitorId,
        url: 'https://servio.example/pricing',
        channel: 'organic_search',
      },
      {
        eventId: `${tag}-${n}-demo`,
        type: 'demo_request',
        occurredAt: new Date(now - 1_000).toISOString(),
        email,
        visitorId,
        url: 'https://servio.example/demo',
        person,
      },
    ],
  });
}

export function baselineBody(tag: string, n: number, now: number): string {
  return JSON.stringify({
    events: [
      {
        eventId: `${tag}-${n}`,
        type: 'page_view',
        occurredAt: new Date(now - 1_000).toISOString(),
        visitorId: `v-${tag}-${n}`,
        url: 'https://servio.example/product',
      },
    ],
  });
}

interface Context {
  started?: number;
}

export async function runPhase(kind: PhaseKind, options: PhaseOptions): Promise<PhaseReport> {
  const expected = kind === 'baseline' ? 1 : 2;
  const async = kind === 'routing' && options.async === true;
  const sentAt = new Map<string, number>();
  const body = kind === 'baseline' ? baselineBody : routingBody;
  let n = 0;
  let ok = 0;
  let bad = 0;
  let firstProblem: string | undefined;
  const timings: number[] = [];
  const instance = (connections: number, rate: number) =>
    autocannon({
      url: options.url,
      connections,
      overallRate: rate,
      duration: options.seconds,
      // autocannon's coordinated-omission correction passes `Math.ceil(1 / rate)` (rate: requests
      // a second per connection) as the expected interval to a histogram kept in ms: 1 ms for any
      // rate, so each answer of L ms adds made-up samples at L-1, L-2, ... 1 ms. Off: each answer
      // is one sample, as in this process's own timings.
      ignoreCoordinatedOmission: true,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          path: PATHS[kind],
          headers: {
            authorization: `Bearer ${options.key}`,
            'content-type': 'application/json',
            ...(async ? { prefer: 'respond-async' } : {}),
          },
          setupRequest: (request, context) => {
            (context as Context).started = performance.now();
            const now = Date.now();
            if (async) sentAt.set(`${options.tag}-${n}-demo`, now);
            return { ...request, body: body(options.tag, n++, now) };
          },
          onResponse: (status, text, context) => {
            if (status < 200 || status >= 300) {
              firstProblem ??= `${status}: ${text.slice(0, 300)}`;
              return;
            }
            const started = (context as Context).started;
            if (started !== undefined) timings.push(performance.now() - started);
            try {
              const answer = JSON.parse(text) as {
                accepted: number;
                stored: number;
                rejected: number;
                duplicates: number;
              };
              const done = async ? answer.accepted : answer.stored;
              if (done === expected && answer.rejected === 0 && answer.duplicates === 0) ok++;
              else {
                bad++;
                firstProblem ??= `not all stored: ${text.slice(0, 300)}`;
              }
            } catch {
              bad++;
              firstProblem ??= `not JSON: ${text.slice(0, 300)}`;
            }
          },
        },
      ],
    });
  const results = options.paced
    ? await Promise.all(
        Array.from({ length: options.rate }, (_, i) =>
          new Promise<void>((resolve) => setTimeout(resolve, (i * 1000) / options.rate)).then(() =>
            instance(1, 1),
          ),
        ),
      )
    : [await instance(options.connections, options.rate)];
  const result = results[0]!;
  const sum = (pick: (r: autocannon.Result) => number) => results.reduce((total, r) => total + pick(r), 0);
  timings.sort((a, b) => a - b);
  return {
    kind,
    tag: options.tag,
    seconds: result.duration,
    ok,
    // Not autocannon's `requests.sent`: it starts at the per-connection rate times the connections.
    sent: n,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    bad,
    firstProblem,
    // Paced, autocannon's histograms are one an instance: the figures are this process's own.
    latency: options.paced
      ? tenths({
          ...percentiles(timings),
          mean: timings.reduce((a, b) => a + b, 0) / Math.max(1, timings.length),
        })
      : {
          p50: result.latency.p50,
          p90: result.latency.p90,
          p99: result.latency.p99,
          max: result.latency.max,
          mean: result.latency.average,
        },
    exact: percentiles(timings),
    sentAt,
  };
}
