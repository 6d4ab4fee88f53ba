import { isAcademicDomain, isFreeMailDomain } from '../people/index.js';
import type { Flag } from './rules.js';

/**
 * What scoring reads: the person's (and their account's) fields, the product-computed flags,
 * and their touchpoints. Plain values, so a score is a function of (facts, events, now) and a
 * replay at a past instant only has to pass that instant's facts.
 */

export type PersonFlags = Record<Flag, boolean>;

export interface PersonFacts {
  title?: string | null;
  employees?: number | null;
  industry?: string | null;
  country?: string | null;
  emailDomain?: string | null;
  leadSource?: string | null;
  flags: PersonFlags;
}

export interface ScoringEvent {
  /** The touchpoint's event id: the evidence an explanation cites. */
  id: string;
  type: string;
  /** A Date or epoch milliseconds. */
  occurredAt: Date | number;
  url?: string | null;
  properties?: Readonly<Record<string, unknown>> | null;
}

export const NO_FLAGS: Readonly<PersonFlags> = Object.freeze({
  competitor: false,
  free_mail: false,
  student: false,
  unsubscribed: false,
});

/** "Student", "PhD student", "Graduate Student Researcher"; not "Student Success Manager" at a vendor. */
const STUDENT_TITLE =
  /\b(student|undergraduate|phd candidate)\b(?!\s+(success|experience|affairs|services))/i;

export interface FlagInputs {
  emailDomain?: string | null;
  title?: string | null;
  /** The account is on the agreement's competitor list (decided by the caller). */
  competitor?: boolean;
  /** Opted out of email as of the instant being scored. */
  unsubscribed?: boolean;
}

/**
 * The flags the default model's negative rules read. The domain lists live in `people`
 * (one list for the whole product): seed 001, "Student / personal email: .edu or free email
 * domain".
 */
export function derivePersonFlags(input: FlagInputs): PersonFlags {
  const domain = input.emailDomain?.trim().toLowerCase() ?? '';
  return {
    competitor: input.competitor === true,
    free_mail: domain !== '' && isFreeMailDomain(domain),
    student: (domain !== '' && isAcademicDomain(domain)) || STUDENT_TITLE.test(input.title ?? ''),
    unsubscribed: input.unsubscribed === true,
  };
}

/** The domain of an address, lowercased; null when there is none. */
export function emailDomainOf(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 0 || at === email.length - 1) return null;
  return email
    .slice(at + 1)
    .trim()
    .toLowerCase();
}
