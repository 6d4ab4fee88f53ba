import { describe, expect, it } from 'vitest';
import { coalescer } from './coalesce.js';

/** A run whose batches finish only when the test says so. */
function controlled(fail: (request: string) => boolean = () => false) {
  const started: { batch: string[]; finish: () => void }[] = [];
  const run = (batch: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      started.push({
        batch,
        finish: () =>
          batch.some(fail)
            ? reject(new Error(`failed: ${batch.join(',')}`))
            : resolve(batch.map((r) => `done ${r}`)),
      });
    });
  return { started, run };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('coalescer', () => {
  it('runs a request at once when a slot is free, and each request gets its own result', async () => {
    const { started, run } = controlled();
    const c = coalescer({ maxInFlight: 2, maxWeight: 10, weigh: () => 1, run });
    const a = c.submit('a');
    const b = c.submit('b');
    // Both started in the same tick, each alone: nothing waits while a slot is free.
    expect(started.map((s) => s.batch)).toEqual([['a'], ['b']]);
    started[1]!.finish();
    started[0]!.finish();
    expect(await a).toBe('done a');
    expect(await b).toBe('done b');
    expect(c.batches).toBe(2);
  });

  it('writes the requests that arrive while every slot is busy together, up to the weight', async () => {
    const { started, run } = controlled();
    const c = coalescer({ maxInFlight: 1, maxWeight: 5, weigh: (r: string) => r.length, run });
    const first = c.submit('x');
    const waiting = ['aa', 'bb', 'c', 'dd', 'e'].map((r) => c.submit(r));
    expect(started).toHaveLength(1);
    started[0]!.finish();
    await first;
    await settle();
    // 'aa' + 'bb' + 'c' = 5; 'dd' would exceed it, and the batch stops there (arrival order).
    expect(started[1]!.batch).toEqual(['aa', 'bb', 'c']);
    started[1]!.finish();
    await settle();
    expect(started[2]!.batch).toEqual(['dd', 'e']);
    started[2]!.finish();
    expect(await Promise.all(waiting)).toEqual(['done aa', 'done bb', 'done c', 'done dd', 'done e']);
  });

  it('gives a request heavier than the limit a batch of its own', async () => {
    const { started, run } = controlled();
    const c = coalescer({ maxInFlight: 1, maxWeight: 2, weigh: (r: string) => r.length, run });
    const first = c.submit('x');
    const heavy = c.submit('heavy');
    const light = c.submit('y');
    started[0]!.finish();
    await first;
    await settle();
    expect(started[1]!.batch).toEqual(['heavy']);
    started[1]!.finish();
    await settle();
    expect(started[2]!.batch).toEqual(['y']);
    started[2]!.finish();
    expect([await heavy, await light]).toEqual(['done heavy', 'done y']);
  });

  it('keeps requests that share a key apart, letting the ones behind them go first', async () => {
    const { started, run } = controlled();
    const c = coalescer({
      maxInFlight: 1,
      maxWeight: 10,
      weigh: () => 1,
      keys: (r: string) => r.split('+'),
      run,
    });
    const first = c.submit('k0');
    const rest = ['k1', 'k1+k2', 'k3', 'k2'].map((r) => c.submit(r));
    started[0]!.finish();
    await first;
    await settle();
    expect(started[1]!.batch).toEqual(['k1', 'k3', 'k2']);
    started[1]!.finish();
    await settle();
    expect(started[2]!.batch).toEqual(['k1+k2']);
    started[2]!.finish();
    expect(await Promise.all(rest)).toEqual(['done k1', 'done k1+k2', 'done k3', 'done k2']);
  });

  it('runs a failed batch again one request at a time: only the request that fails is refused', async () => {
    const { started, run } = controlled((r) => r === 'bad');
    const c = coalescer({ maxInFlight: 1, maxWeight: 10, weigh: () => 1, run });
    const first = c.submit('x');
    const good = c.submit('good');
    const bad = c.submit('bad').catch((error: Error) => error.message);
    const other = c.submit('other');
    started[0]!.finish();
    await first;
    await settle();
    expect(started[1]!.batch).toEqual(['good', 'bad', 'other']);
    started[1]!.finish();
    // Then alone, in order: each waits for the one before it (the slot is still the batch's).
    for (let i = 2; i < 5; i++) {
      await settle();
      expect(started[i]!.batch).toHaveLength(1);
      started[i]!.finish();
    }
    expect(await good).toBe('done good');
    expect(await bad).toBe('failed: bad');
    expect(await other).toBe('done other');
    expect(started.slice(2).map((s) => s.batch[0])).toEqual(['good', 'bad', 'other']);
  });

  it('refuses a lone request whose batch fails, without running it again', async () => {
    const { started, run } = controlled(() => true);
    const c = coalescer({ maxInFlight: 1, maxWeight: 10, weigh: () => 1, run });
    const only = c.submit('only');
    started[0]!.finish();
    await expect(only).rejects.toThrow('failed: only');
    await settle();
    expect(started).toHaveLength(1);
  });
});
