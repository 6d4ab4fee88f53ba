/**
 * PostgreSQL binds at most 65,535 parameters per statement: multi-row inserts of wide rows
 * go in chunks that stay under it.
 */
export const MAX_PARAMETERS = 65_535;

export function chunks<T>(rows: readonly T[], columnsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columnsPerRow)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
