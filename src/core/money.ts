/** Money is integer minor units (cents) with an ISO 4217 currency; never floats. */
export interface Money {
  cents: number;
  currency: string;
}

export function formatMoney({ cents, currency }: Money, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

/** Parses "25000", "25,000.50", "$25,000" into cents; undefined when it is not a number. */
export function parseAmountToCents(text: string): number | undefined {
  const cleaned = text.replace(/[\s,$€£]/g, '');
  if (cleaned === '' || !/^-?\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const [whole = '0', fraction = ''] = cleaned.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return cleaned.startsWith('-') ? -cents : cents;
}

/** ISO 4217 codes are three upper-case letters. */
export function isCurrency(value: string): boolean {
  return /^[A-Z]{3}$/.test(value);
}
