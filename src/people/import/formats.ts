/**
 * The column layouts a people import understands, and telling them apart by the header row.
 * Pure: header cells in, a mapping out.
 *
 * Header vocabularies:
 * - Salesforce: the Lead object's field labels as a lead report or list-view export writes
 *   them (`Lead ID`, `Company / Account`, `No. of Employees`, `Lead Owner`, `Email Opt Out`,
 *   ...), and the API names a Data Loader export writes (`Id`, `FirstName`, `LeadSource`,
 *   `Status`, `HasOptedOutOfEmail`, ...), from the Lead object reference
 *   (developer.salesforce.com, sforce_api_objects_lead).
 * - HubSpot: the property labels of a contacts export ("hubspot-crm-exports-all-contacts"):
 *   `Record ID`, `Phone Number`, `Company Name`, `Job Title`, `Lifecycle Stage`,
 *   `Contact owner`, `Create Date`, `Country/Region`, `Unsubscribed from all email`, ...
 * - generic: our own field names, camelCase or snake_case (`first_name`, `firstName`).
 */

export const IMPORT_FORMATS = ['salesforce', 'hubspot', 'generic'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export type FormatChoice = ImportFormat | 'auto';
export const FORMAT_CHOICES: readonly FormatChoice[] = ['auto', ...IMPORT_FORMATS];

export function isFormatChoice(value: string): value is FormatChoice {
  return (FORMAT_CHOICES as readonly string[]).includes(value);
}

/** What a column holds: a person field, a value needing a rule, or an attribute (`attr:city`). */
export type ColumnRole =
  | 'email'
  | 'firstName'
  | 'lastName'
  | 'title'
  | 'phone'
  | 'mobilePhone'
  | 'company'
  | 'website'
  | 'country'
  | 'industry'
  | 'employees'
  | 'leadSource'
  | 'externalId'
  /** Our own stage names, or the format's lifecycle labels. */
  | 'stage'
  /** Salesforce Lead Status: gives the stage, and is kept as `leadStatus`. */
  | 'leadStatus'
  | 'unsubscribed'
  /** A user's email or name, matched against `users`. */
  | 'owner'
  /** Our own user id (generic files written by servio). */
  | 'ownerUserId'
  | `attr:${string}`;

interface FormatSpec {
  label: string;
  /** How a header cell is compared with the vocabulary. */
  normalize(header: string): string;
  columns: Readonly<Record<string, ColumnRole>>;
}

/** Labels compare case-insensitively, with runs of white space as one space. */
const label = (header: string) => header.trim().toLowerCase().replace(/\s+/g, ' ');
/** `first_name`, `firstName`, `First Name` and `first-name` are one column. */
const identifier = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '');

const SALESFORCE: Record<string, ColumnRole> = {
  // Report / list-view labels
  'lead id': 'externalId',
  'first name': 'firstName',
  'last name': 'lastName',
  title: 'title',
  'company / account': 'company',
  company: 'company',
  email: 'email',
  phone: 'phone',
  mobile: 'mobilePhone',
  'mobile phone': 'mobilePhone',
  'lead source': 'leadSource',
  'lead status': 'leadStatus',
  industry: 'industry',
  'no. of employees': 'employees',
  'annual revenue': 'attr:annualRevenue',
  website: 'website',
  street: 'attr:street',
  city: 'attr:city',
  'state/province': 'attr:state',
  'zip/postal code': 'attr:postalCode',
  country: 'country',
  'lead owner': 'owner',
  rating: 'attr:rating',
  'created date': 'attr:createdDate',
  'create date': 'attr:createdDate',
  'email opt out': 'unsubscribed',
  // API names (Data Loader, Workbench); compared lower-cased
  id: 'externalId',
  firstname: 'firstName',
  lastname: 'lastName',
  mobilephone: 'mobilePhone',
  leadsource: 'leadSource',
  status: 'leadStatus',
  numberofemployees: 'employees',
  annualrevenue: 'attr:annualRevenue',
  state: 'attr:state',
  postalcode: 'attr:postalCode',
  // A Salesforce user id, not a name or an email: kept, never matched.
  ownerid: 'attr:crmOwnerId',
  hasoptedoutofemail: 'unsubscribed',
  createddate: 'attr:createdDate',
};

const HUBSPOT: Record<string, ColumnRole> = {
  'record id': 'externalId',
  'first name': 'firstName',
  'last name': 'lastName',
  email: 'email',
  'phone number': 'phone',
  'mobile phone number': 'mobilePhone',
  'company name': 'company',
  'job title': 'title',
  'lifecycle stage': 'stage',
  'lead status': 'attr:leadStatus',
  'contact owner': 'owner',
  'create date': 'attr:createdDate',
  industry: 'industry',
  'number of employees': 'employees',
  'annual revenue': 'attr:annualRevenue',
  'website url': 'website',
  'country/region': 'country',
  city: 'attr:city',
  'state/region': 'attr:state',
  'postal code': 'attr:postalCode',
  'street address': 'attr:street',
  'original source': 'leadSource',
  'marketing contact status': 'attr:marketingContactStatus',
  'unsubscribed from all email': 'unsubscribed',
};

const GENERIC: Record<string, ColumnRole> = {
  email: 'email',
  firstname: 'firstName',
  lastname: 'lastName',
  title: 'title',
  phone: 'phone',
  mobilephone: 'mobilePhone',
  company: 'company',
  website: 'website',
  country: 'country',
  industry: 'industry',
  employees: 'employees',
  leadsource: 'leadSource',
  externalid: 'externalId',
  stage: 'stage',
  unsubscribed: 'unsubscribed',
  owner: 'owner',
  owneruserid: 'ownerUserId',
  city: 'attr:city',
  state: 'attr:state',
  postalcode: 'attr:postalCode',
  street: 'attr:street',
  annualrevenue: 'attr:annualRevenue',
  rating: 'attr:rating',
  createddate: 'attr:createdDate',
};

const FORMATS: Record<ImportFormat, FormatSpec> = {
  salesforce: { label: 'Salesforce lead export', normalize: label, columns: SALESFORCE },
  hubspot: { label: 'HubSpot contact export', normalize: label, columns: HUBSPOT },
  generic: { label: 'generic columns', normalize: identifier, columns: GENERIC },
};

export function formatLabel(format: ImportFormat): string {
  return FORMATS[format].label;
}

function roleOf(format: ImportFormat, header: string): ColumnRole | undefined {
  const spec = FORMATS[format];
  const key = spec.normalize(header);
  return Object.hasOwn(spec.columns, key) ? spec.columns[key] : undefined;
}

export interface ColumnMapping {
  format: ImportFormat;
  headers: readonly string[];
  /** The role of each column by position; undefined for a column the format does not know. */
  roles: readonly (ColumnRole | undefined)[];
  ignored: string[];
}

/**
 * The mapping of a header row in `format`. When two columns have the same role (`Company`
 * and `Company / Account` in one report) the first non-blank value wins, row by row.
 */
export function mapColumns(format: ImportFormat, headers: readonly string[]): ColumnMapping {
  const roles = headers.map((h) => roleOf(format, h));
  const ignored = headers.filter((h, i) => roles[i] === undefined && h.trim() !== '');
  return { format, headers, roles, ignored };
}

export function hasEmailColumn(mapping: ColumnMapping): boolean {
  return mapping.roles.includes('email');
}

export interface Detection {
  format: ImportFormat;
  /** Per format: columns it knows, and those only it knows (the evidence for the choice). */
  scores: Record<ImportFormat, { known: number; distinctive: number }>;
}

/**
 * Picks the format whose vocabulary explains the header best. Columns every layout shares
 * (`Email`, `First Name`) prove nothing, so the deciding count is of columns only one
 * format knows (`Lead ID`, `Record ID`, `first_name`); a header of shared columns only is
 * read as generic, which maps them all the same way.
 */
export function detectFormat(headers: readonly string[]): Detection {
  const scores = {} as Detection['scores'];
  const knownBy = headers.map((h) => IMPORT_FORMATS.filter((f) => roleOf(f, h) !== undefined));
  for (const format of IMPORT_FORMATS) {
    const known = knownBy.filter((fs) => fs.includes(format)).length;
    const distinctive = knownBy.filter((fs) => fs.length === 1 && fs[0] === format).length;
    scores[format] = { known, distinctive };
  }
  const ranked = [...IMPORT_FORMATS].sort(
    (a, b) =>
      scores[b].distinctive - scores[a].distinctive ||
      scores[b].known - scores[a].known ||
      // Ties go to the neutral layout.
      Number(b === 'generic') - Number(a === 'generic'),
  );
  return { format: ranked[0]!, scores };
}

/**
 * Salesforce report exports end with a footer of one-field rows (a confidentiality notice,
 * the copyright, "Generated By"): not people, and not worth a rejection each.
 */
export function isReportFooter(format: ImportFormat, cells: readonly string[]): boolean {
  return (
    format === 'salesforce' &&
    cells.length === 1 &&
    /^(confidential information|copyright \(c\)|generated by)/i.test(cells[0] ?? '')
  );
}
