import { isEmail, normalizeEmail } from '../../core/index.js';
import type { Stage } from '../../lifecycle/index.js';
import type { PersonInput } from '../model.js';
import type { ColumnMapping, ColumnRole, ImportFormat } from './formats.js';

/**
 * One CSV row -> one person input, or the reasons it cannot be one. Pure. Blank cells are
 * absent values: an import never blanks a field it has no value for (as HubSpot's own
 * importer does).
 */

export type ParsedRow =
  | {
      ok: true;
      input: PersonInput;
      /** The owner column as written (a user's email or name), for matching against users. */
      owner?: string | undefined;
    }
  | { ok: false; email: string | null; reasons: string[] };

/** Stages an imported person may start in (a person with an email is never a visitor). */
const OUR_STAGES: readonly Stage[] = [
  'lead',
  'mql',
  'sql',
  'opportunity',
  'customer',
  'advocate',
  'nurture',
  'disqualified',
];

/**
 * HubSpot lifecycle stages, by internal value and by label (`marketingqualifiedlead`,
 * "Marketing Qualified Lead"), compared without case, spaces or punctuation.
 */
const HUBSPOT_STAGES: Record<string, Stage> = {
  subscriber: 'lead',
  lead: 'lead',
  marketingqualifiedlead: 'mql',
  salesqualifiedlead: 'sql',
  opportunity: 'opportunity',
  customer: 'customer',
  evangelist: 'advocate',
  other: 'lead',
};

/**
 * Salesforce Lead Status: the classic default picklist ("Open - Not Contacted", ...) and the
 * Lightning one (New, Working, Nurturing, Qualified, Unqualified). A converted lead was
 * accepted by sales; one closed unconverted is recycled to nurture.
 */
const SALESFORCE_STATUSES: Record<string, Stage> = {
  opennotcontacted: 'lead',
  workingcontacted: 'lead',
  closedconverted: 'sql',
  closednotconverted: 'nurture',
  new: 'lead',
  open: 'lead',
  working: 'lead',
  contacted: 'lead',
  nurturing: 'nurture',
  qualified: 'sql',
  unqualified: 'disqualified',
};

const stageKey = (value: string) => value.toLowerCase().replace(/[^a-z]/g, '');

/** The stage a CRM value stands for; our own stage names are understood in every format. */
export function stageFor(format: ImportFormat, value: string): Stage | undefined {
  const key = stageKey(value);
  const own = OUR_STAGES.find((s) => s === key);
  if (own) return own;
  if (format === 'salesforce') return SALESFORCE_STATUSES[key];
  if (format === 'hubspot') return HUBSPOT_STAGES[key];
  return HUBSPOT_STAGES[key] ?? SALESFORCE_STATUSES[key];
}

const TRUE = new Set(['true', 'yes', '1', 'y']);
const FALSE = new Set(['false', 'no', '0', 'n']);

export function parseFlag(value: string): boolean | undefined {
  const key = value.trim().toLowerCase();
  if (TRUE.has(key)) return true;
  if (FALSE.has(key)) return false;
  return undefined;
}

/** `people.employees` is a PostgreSQL integer. */
const MAX_EMPLOYEES = 2_147_483_647;

/** `1200`, `1,200`, `1200.0` (spreadsheets re-save whole numbers with a decimal point). */
export function parseEmployees(value: string): number | undefined {
  const trimmed = value.trim();
  if (!/^(\d+|\d{1,3}(,\d{3})+)(\.0+)?$/.test(trimmed)) return undefined;
  const n = Number(trimmed.replaceAll(',', ''));
  return Number.isSafeInteger(n) && n <= MAX_EMPLOYEES ? n : undefined;
}

/**
 * Attributes keep the text as written (a postal code `02134` is not a number), except an
 * amount written as a plain number (`1,500,000.00` -> 1500000), which reports can sum.
 */
function attributeValue(key: string, value: string): string | number {
  if (key !== 'annualRevenue') return value;
  const plain = value.replaceAll(',', '');
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : value;
}

const TEXT_FIELDS = [
  'firstName',
  'lastName',
  'title',
  'phone',
  'company',
  'website',
  'country',
  'industry',
  'leadSource',
  'externalId',
  'ownerUserId',
] as const satisfies readonly (keyof PersonInput & ColumnRole)[];
type TextField = (typeof TEXT_FIELDS)[number];
const isTextField = (role: ColumnRole): role is TextField =>
  (TEXT_FIELDS as readonly string[]).includes(role);

export function parseRow(mapping: ColumnMapping, cells: readonly string[]): ParsedRow {
  const reasons: string[] = [];
  const values = new Map<ColumnRole, { value: string; header: string }>();
  mapping.roles.forEach((role, i) => {
    const value = cells[i]?.trim();
    // The first non-blank cell of a role wins (`Company` and `Company / Account` in one report).
    if (role === undefined || !value || values.has(role)) return;
    if (value.includes('\u0000')) {
      reasons.push(`${mapping.headers[i]} contains a NUL character, which cannot be stored`);
      return;
    }
    values.set(role, { value, header: mapping.headers[i]! });
  });

  const rawEmail = values.get('email')?.value;
  const email = rawEmail ? normalizeEmail(rawEmail) : '';
  if (!rawEmail) reasons.unshift('missing email');
  else if (!isEmail(email)) reasons.unshift(`invalid email "${rawEmail}"`);

  const input: PersonInput = { email };
  const attributes: Record<string, unknown> = {};
  let owner: string | undefined;
  for (const [role, { value, header }] of values) {
    if (role === 'email') continue;
    if (isTextField(role)) input[role] = value;
    else if (role === 'mobilePhone') attributes.mobilePhone = value;
    else if (role === 'employees') {
      const n = parseEmployees(value);
      if (n === undefined) reasons.push(`${header} "${value}" is not a whole number of employees`);
      else input.employees = n;
    } else if (role === 'stage' || role === 'leadStatus') {
      const stage = stageFor(mapping.format, value);
      if (stage === undefined) reasons.push(`${header} "${value}" is not a stage servio knows`);
      else input.stage = stage;
      if (role === 'leadStatus') attributes.leadStatus = value;
    } else if (role === 'unsubscribed') {
      const flag = parseFlag(value);
      if (flag === undefined) reasons.push(`${header} "${value}" is not one of true/false, yes/no, 1/0`);
      else input.unsubscribed = flag;
    } else if (role === 'owner') owner = value;
    else if (role.startsWith('attr:')) {
      const key = role.slice(5);
      attributes[key] = attributeValue(key, value);
    }
  }
  // One phone column on a person: the mobile when the file has no other number.
  if (input.phone === undefined && typeof attributes.mobilePhone === 'string')
    input.phone = attributes.mobilePhone;
  // The CRM's record id means little without the CRM it came from.
  if (input.externalId !== undefined && mapping.format !== 'generic')
    attributes.externalSource = mapping.format;

  if (reasons.length > 0) return { ok: false, email: rawEmail ?? null, reasons };
  if (Object.keys(attributes).length > 0) input.attributes = attributes;
  return { ok: true, input, owner };
}
