import type { Money } from './types.ts';

/**
 * The content API's answers (src/content/schema.ts) as the dashboard reads them. Kept apart
 * from types.ts so the content pages add a file rather than edit a shared one.
 */

export interface Asset {
  id: string;
  title: string;
  type: string;
  stage: string | null;
  persona: string | null;
  industry: string | null;
  channel: string | null;
  ownerUserId: string | null;
  version: number;
  location: string;
  summary: string | null;
  reviewOn: string | null;
  expiresOn: string | null;
  campaignIds: string[];
  retiredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type StaleReason =
  | { code: 'expired'; since: string }
  | { code: 'review_overdue'; since: string }
  | { code: 'unused'; lastUsedAt: string | null };

export interface StaleAsset {
  asset: Asset;
  lastUsedAt: string | null;
  reasons: StaleReason[];
}

export interface AssetEffectiveness {
  assetId: string;
  title: string;
  type: string;
  sends: number;
  lastSentAt: string | null;
  influencedOpportunities: number;
  wonOpportunities: number;
  wonRevenue: Money[];
}

export interface Usage {
  id: string;
  assetId: string;
  userId: string | null;
  personId: string | null;
  accountId: string | null;
  opportunityId: string | null;
  sentAt: string;
  note: string | null;
}

export interface Objection {
  objection: string;
  answer: string;
}

export interface MessageBody {
  statement?: string;
  proofPoints?: string[];
  differentiators?: string[];
  text?: string;
  dos?: string[];
  donts?: string[];
  points?: string[];
  strengths?: string[];
  weaknesses?: string[];
  objections?: Objection[];
  landmines?: string[];
}

export type MessageKind =
  | 'value_proposition'
  | 'positioning'
  | 'brand_guideline'
  | 'talking_points'
  | 'battlecard';

export interface Message {
  id: string;
  kind: MessageKind;
  title: string;
  persona: string | null;
  segment: string | null;
  stage: string | null;
  competitor: string | null;
  body: MessageBody;
  version: number;
  reviewedOn: string | null;
  archivedAt: string | null;
  updatedAt: string;
}

export interface RequestType {
  type: string;
  requestType: string;
  turnaroundTarget: string;
  format: string;
  anchor: 'requested' | 'release' | 'event';
}

export type RequestStatus = 'open' | 'in_progress' | 'delivered' | 'declined';

export interface ContentRequest {
  id: string;
  type: string;
  title: string;
  details: string | null;
  requesterUserId: string;
  ownerUserId: string | null;
  status: RequestStatus;
  persona: string | null;
  competitor: string | null;
  anchorOn: string | null;
  requestedAt: string;
  targetAt: string;
  dueAt: string;
  assetId: string | null;
  deliveredAt: string | null;
  declineReason: string | null;
}
