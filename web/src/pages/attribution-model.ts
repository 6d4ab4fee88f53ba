import type { AttributionReport, RevenueAttribution } from '../types.ts';

/**
 * The attribution page's arithmetic: the models' credits side by side, and the revenue split
 * per period. Pure, tested in attribution-model.test.ts.
 */

export interface CreditCell {
  conversions: number;
  value: number;
  share: number;
}

export interface SideBySideRow {
  key: string;
  /** One cell a model, in the order of `models`; zero when the model credits nothing to the key. */
  cells: CreditCell[];
}

export interface SideBySide {
  models: string[];
  rows: SideBySideRow[];
}

const ZERO: CreditCell = { conversions: 0, value: 0, share: 0 };

/** Every key any model credits, one row each, the largest mean share first (ties by key). */
export function sideBySide(report: AttributionReport): SideBySide {
  const models = report.models.map((result) => result.model);
  const byKey = new Map<string, CreditCell[]>();
  report.models.forEach((result, index) => {
    for (const credit of result.credits) {
      let cells = byKey.get(credit.key);
      if (!cells) {
        cells = models.map(() => ZERO);
        byKey.set(credit.key, cells);
      }
      cells[index] = { conversions: credit.conversions, value: credit.value, share: credit.share };
    }
  });
  const mean = (cells: CreditCell[]) =>
    cells.reduce((sum, cell) => sum + cell.share, 0) / Math.max(1, cells.length);
  const rows = [...byKey.entries()]
    .map(([key, cells]) => ({ key, cells }))
    .sort((a, b) => mean(b.cells) - mean(a.cells) || a.key.localeCompare(b.key));
  return { models, rows };
}

/** "first_touch" -> "First touch". */
export function modelLabel(model: string): string {
  const text = model.replaceAll('_', ' ');
  if (model === 'markov') return 'Markov';
  if (model === 'shapley') return 'Shapley';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The chart's text: each key with each model's share, as a screen reader hears it. */
export function sideBySideSummary(
  table: SideBySide,
  shown = table.rows.length,
  nameOf: (key: string) => string = (key) => key,
): string {
  return table.rows
    .slice(0, shown)
    .map(
      (row) =>
        `${nameOf(row.key)}: ${row.cells
          .map((cell, i) => `${modelLabel(table.models[i] ?? '')} ${(cell.share * 100).toFixed(1)}%`)
          .join(', ')}`,
    )
    .join('; ');
}

export interface RevenueSeries {
  labels: string[];
  sourced: number[];
  influenced: number[];
  salesSourced: number[];
}

/** Revenue won per period in major units, for the chart. */
export function revenueSeries(
  revenue: RevenueAttribution,
  of: 'revenue' | 'pipeline' = 'revenue',
): RevenueSeries {
  const major = (cents: number) => cents / 100;
  return {
    labels: revenue.periods.map((period) => period.label),
    sourced: revenue.periods.map((period) => major(period[of].sourced.cents)),
    influenced: revenue.periods.map((period) => major(period[of].influenced.cents)),
    salesSourced: revenue.periods.map((period) => major(period[of].salesSourced.cents)),
  };
}

/** A day (YYYY-MM-DD) `days` after `day`. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function isDay(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(text) && !Number.isNaN(Date.parse(text));
}
