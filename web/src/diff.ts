/** What a proposed agreement version changes: the paths whose values differ. Pure, tested in diff.test.ts. */

export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Walks both documents; objects are compared key by key, arrays of records with an `id` or
 * `code` item by item under that key, other arrays as whole values.
 */
export function diffDocuments(before: unknown, after: unknown, path = ''): Change[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diffDocuments(before[key], after[key], `${path}/${key}`));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const keyOf = itemKey(before) ?? itemKey(after);
    if (keyOf) {
      const left = new Map(before.map((item) => [keyOf(item), item]));
      const right = new Map(after.map((item) => [keyOf(item), item]));
      const ids = [...new Set([...left.keys(), ...right.keys()])];
      return ids.flatMap((id) => diffDocuments(left.get(id), right.get(id), `${path}[${id}]`));
    }
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path || '/', before, after }];
}

function itemKey(items: unknown[]): ((item: unknown) => string) | undefined {
  if (items.length === 0 || !items.every(isObject)) return undefined;
  for (const name of ['id', 'code']) {
    if (items.every((item) => typeof (item as Record<string, unknown>)[name] === 'string')) {
      return (item) => String((item as Record<string, unknown>)[name]);
    }
  }
  return undefined;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
