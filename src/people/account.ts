/** A company: matched from email domains or named explicitly, with its firmographics. */
export interface Account {
  id: string;
  name: string;
  domain: string | null;
  employees: number | null;
  industry: string | null;
  country: string | null;
  region: string | null;
  annualRevenueCents: number | null;
  /** The named-account owner: routing sends this account's leads to them. */
  ownerUserId: string | null;
  isNamedAccount: boolean;
  isCustomer: boolean;
  isCompetitor: boolean;
  isPartner: boolean;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AccountInput {
  name?: string | undefined;
  domain?: string | null | undefined;
  employees?: number | null | undefined;
  industry?: string | null | undefined;
  country?: string | null | undefined;
  region?: string | null | undefined;
  annualRevenueCents?: number | null | undefined;
  ownerUserId?: string | null | undefined;
  isNamedAccount?: boolean | undefined;
  isCustomer?: boolean | undefined;
  isCompetitor?: boolean | undefined;
  isPartner?: boolean | undefined;
  externalId?: string | null | undefined;
}
