/**
 * Group commit for requests that arrive while the work before them is still running: a request
 * submitted when fewer than `maxInFlight` batches run starts a batch of its own at once (no
 * added wait when the load is light); one submitted while every slot is busy waits, and the
 * next batch to start takes every waiting request up to `maxWeight`. Under load the cost of a
 * batch (its round trips, its commit) is shared by the requests that arrived during the one
 * before it, instead of each paying it in turn.
 *
 * A failed batch of more than one request is run again one request at a time, so that a request
 * that cannot succeed fails alone and the others still get their results.
 */
export interface CoalesceOptions<Req, Res> {
  /** Batches running at once (e.g. database connections the work may use side by side). */
  maxInFlight: number;
  /** How much a batch may hold, in the units of `weigh` (one request always fits). */
  maxWeight: number;
  weigh: (request: Req) => number;
  /**
   * Keys that two requests of one batch must not share (e.g. event ids: within one batch the
   * second would not be told it repeats the first). A request whose keys clash waits for a
   * later batch; the requests behind it may go first.
   */
  keys?: (request: Req) => Iterable<string>;
  /** Does the work of a batch; answers one result a request, in the batch's order. */
  run: (batch: Req[]) => Promise<Res[]>;
}

export interface Coalescer<Req, Res> {
  submit(request: Req): Promise<Res>;
  /** Batches started so far (for tests and metrics). */
  readonly batches: number;
}

interface Waiting<Req, Res> {
  request: Req;
  resolve: (result: Res) => void;
  reject: (error: unknown) => void;
}

export function coalescer<Req, Res>(options: CoalesceOptions<Req, Res>): Coalescer<Req, Res> {
  const queue: Waiting<Req, Res>[] = [];
  let inFlight = 0;
  let batches = 0;

  const take = (): Waiting<Req, Res>[] => {
    const batch: Waiting<Req, Res>[] = [];
    const taken = new Set<string>();
    let weight = 0;
    for (let i = 0; i < queue.length; ) {
      const entry = queue[i]!;
      const w = options.weigh(entry.request);
      const keys = options.keys ? [...options.keys(entry.request)] : [];
      if (batch.length > 0 && weight + w > options.maxWeight) break;
      if (keys.some((k) => taken.has(k))) {
        i++;
        continue;
      }
      for (const k of keys) taken.add(k);
      weight += w;
      batch.push(entry);
      queue.splice(i, 1);
    }
    return batch;
  };

  const settleAlone = async (entry: Waiting<Req, Res>) => {
    try {
      const [result] = await options.run([entry.request]);
      entry.resolve(result as Res);
    } catch (error) {
      entry.reject(error);
    }
  };

  const runBatch = async (batch: Waiting<Req, Res>[]) => {
    try {
      const results = await options.run(batch.map((entry) => entry.request));
      batch.forEach((entry, i) => {
        entry.resolve(results[i] as Res);
      });
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      else for (const entry of batch) await settleAlone(entry);
    }
  };

  const pump = () => {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = take();
      inFlight++;
      batches++;
      void runBatch(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  };

  return {
    submit(request) {
      return new Promise<Res>((resolve, reject) => {
        queue.push({ request, resolve, reject });
        pump();
      });
    },
    get batches() {
      return batches;
    },
  };
}
