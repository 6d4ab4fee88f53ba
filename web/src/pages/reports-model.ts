/** The reports page's small rules: file names and ISO weeks. Pure, tested in reports-model.test.ts. */

export const DOWNLOADS = [
  { format: 'md', label: 'Markdown', extension: 'md' },
  { format: 'html', label: 'HTML', extension: 'html' },
  { format: 'csv', label: 'CSV', extension: 'csv' },
] as const;

export type DownloadFormat = (typeof DOWNLOADS)[number]['format'];

/** `monthly-alignment-report-2026-10.md`. */
export function reportFileName(report: string, period: string, format: DownloadFormat): string {
  const extension = DOWNLOADS.find((entry) => entry.format === format)?.extension ?? format;
  return `${report}-${period}.${extension}`;
}

/** The ISO week (2026-W43) a day falls in: weeks start on Monday, week 1 holds the first Thursday. */
export function isoWeekOf(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of its week
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function isIsoWeek(text: string): boolean {
  const match = /^\d{4}-W(\d{2})$/.exec(text);
  return match !== null && Number(match[1]) >= 1 && Number(match[1]) <= 53;
}

export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}
