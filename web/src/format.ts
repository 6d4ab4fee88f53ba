/** How numbers read on the dashboard. Pure: no DOM, unit-tested in format.test.ts. */

export function formatMoney(cents: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: Math.abs(cents) >= 100_000 ? 0 : 2,
  }).format(cents / 100);
}

export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '–';
  return `${(rate * 100).toFixed(digits)}%`;
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : new Intl.NumberFormat('en-US').format(value);
}

export function formatRatio(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${value.toFixed(2)}x`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration in its two largest units: `2d 3h`, `4h 05m`, `12m`. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) return `${Math.floor(abs / DAY)}d ${Math.floor((abs % DAY) / HOUR)}h`;
  if (abs >= HOUR)
    return `${Math.floor(abs / HOUR)}h ${String(Math.floor((abs % HOUR) / MINUTE)).padStart(2, '0')}m`;
  return `${Math.floor(abs / MINUTE)}m`;
}

/** What an SLA clock shows: time left, or how late it is. */
export function slaCountdown(dueAt: string | null, now: number): { text: string; overdue: boolean } {
  if (!dueAt) return { text: 'no clock', overdue: false };
  const left = Date.parse(dueAt) - now;
  return left >= 0
    ? { text: `${formatDuration(left)} left`, overdue: false }
    : { text: `overdue by ${formatDuration(left)}`, overdue: true };
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString('en-GB', {
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
}

/** The change from `previous` to `current`, as the tile's trend line says it. */
export function trend(
  current: number | null | undefined,
  previous: number | null | undefined,
  kind: 'count' | 'rate',
): { text: string; direction: 'up' | 'down' | 'flat' } | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  const delta = current - previous;
  const direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const size = Math.abs(delta);
  const text =
    kind === 'rate'
      ? `${sign}${(size * 100).toFixed(1)} pts`
      : `${sign}${new Intl.NumberFormat('en-US').format(size)}`;
  return { text, direction };
}
