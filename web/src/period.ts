/** Calendar periods as the API names them (`2026-10`, `2026-Q4`). Pure, tested in period.test.ts. */

export function monthOf(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

function parseMonth(month: string): { year: number; month: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new Error(`not a month: ${month}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

export function previousMonth(month: string): string {
  const { year, month: m } = parseMonth(month);
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** [since, until) of a month, as ISO instants (UTC). */
export function monthRange(month: string): { since: string; until: string } {
  const { year, month: m } = parseMonth(month);
  return {
    since: new Date(Date.UTC(year, m - 1, 1)).toISOString(),
    until: new Date(Date.UTC(year, m, 1)).toISOString(),
  };
}

/** A period the API takes: a month (2026-10) or a quarter (2026-Q4). */
export function isPeriod(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/.test(text);
}
