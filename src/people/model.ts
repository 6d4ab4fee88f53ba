import { emailDomain, type FieldIssue, isEmail, normalizeDomain, normalizeEmail } from '../core/index.js';
import { isStage, type Stage } from '../lifecycle/index.js';
import { isCompanyDomain } from './free-mail.js';

export interface Person {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  phone: string | null;
  company: string | null;
  accountId: string | null;
  stage: Stage;
  stageEnteredAt: Date;
  ownerUserId: string | null;
  leadSource: string | null;
  country: string | null;
  industry: string | null;
  employees: number | null;
  unsubscribed: boolean;
  externalId: string | null;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** What callers may say about a person; absent fields are left as they are. */
export interface PersonInput {
  email: string;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  title?: string | null | undefined;
  phone?: string | null | undefined;
  company?: string | null | undefined;
  /** The company's website, when it differs from the email domain (matches the account). */
  website?: string | null | undefined;
  accountId?: string | null | undefined;
  ownerUserId?: string | null | undefined;
  leadSource?: string | null | undefined;
  country?: string | null | undefined;
  industry?: string | null | undefined;
  employees?: number | null | undefined;
  externalId?: string | null | undefined;
  unsubscribed?: boolean | undefined;
  attributes?: Record<string, unknown> | undefined;
  /** Stage of a person created by this input (imports of existing customers); default lead. */
  stage?: string | undefined;
}

export const PERSON_FIELDS = [
  'firstName',
  'lastName',
  'title',
  'phone',
  'company',
  'ownerUserId',
  'leadSource',
  'country',
  'industry',
  'employees',
  'externalId',
] as const;

/** Stages a person may be created in: not `visitor` (a person has an email). */
const INITIAL_STAGES: readonly Stage[] = [
  'lead',
  'mql',
  'sql',
  'opportunity',
  'customer',
  'advocate',
  'nurture',
  'disqualified',
];

/** Checks and normalises one input; `at` prefixes each field path (e.g. `/events/3`). */
export function normalizePersonInput(
  input: PersonInput,
  at = '',
): { value?: PersonInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const email = typeof input.email === 'string' ? normalizeEmail(input.email) : '';
  if (!email) issues.push({ path: `${at}/email`, message: 'is required' });
  else if (!isEmail(email))
    issues.push({ path: `${at}/email`, message: `"${input.email}" is not an email address` });
  if (
    input.employees !== undefined &&
    input.employees !== null &&
    (!Number.isInteger(input.employees) || input.employees < 0)
  ) {
    issues.push({ path: `${at}/employees`, message: 'must be a whole number of 0 or more' });
  }
  if (input.stage !== undefined && !(isStage(input.stage) && INITIAL_STAGES.includes(input.stage))) {
    issues.push({ path: `${at}/stage`, message: `must be one of ${INITIAL_STAGES.join(', ')}` });
  }
  if (issues.length > 0) return { issues };
  return { value: { ...input, email }, issues };
}

/** The domain that matches the person to an account: website first, then the email's, never free-mail or .edu. */
export function accountDomainFor(input: Pick<PersonInput, 'email' | 'website'>): string | undefined {
  const candidates = [input.website ? normalizeDomain(input.website) : undefined, emailDomain(input.email)];
  return candidates.find((d): d is string => Boolean(d) && isCompanyDomain(d!));
}

/** Later inputs for the same email win field by field (a CSV with the same person twice). */
export function mergeInputs(a: PersonInput, b: PersonInput): PersonInput {
  const merged: PersonInput = { ...a };
  for (const [key, value] of Object.entries(b) as [keyof PersonInput, unknown][]) {
    if (value === undefined) continue;
    if (key === 'attributes') merged.attributes = { ...a.attributes, ...(value as Record<string, unknown>) };
    else (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/** A readable company name from a domain: `acme-robotics.com` -> `Acme Robotics`. */
export function companyNameFromDomain(domain: string): string {
  const label = domain.split('.')[0] ?? domain;
  return label
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}
