/**
 * Concurrent batches lock the rows they write; writing them in one global order (by key)
 * means two batches never wait on each other in a cycle, so they queue instead of deadlocking.
 */
export function byKey<T>(a: [string, T] | { key: string }, b: [string, T] | { key: string }): number {
  const x = Array.isArray(a) ? a[0] : a.key;
  const y = Array.isArray(b) ? b[0] : b.key;
  return x < y ? -1 : x > y ? 1 : 0;
}

const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Re-runs a whole transaction when PostgreSQL chose it as a deadlock or serialisation
 * victim. Only for work that is idempotent as a whole (an events batch is: by event id).
 */
export async function withDeadlockRetry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}
