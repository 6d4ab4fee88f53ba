import { createHash, randomBytes } from 'node:crypto';

/** DESIGN.md, Interfaces: every API key carries one of these roles. */
export const ROLES = ['admin', 'revops', 'marketing', 'sales_manager', 'sales_rep'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** What a route asks of its caller. Reads are open to every role, scoped for reps. */
export type Permission =
  | 'read'
  | 'keys:manage'
  | 'org:write'
  | 'people:write'
  /** Erasing personal data: the agreement owners only. */
  | 'people:erase'
  /** Bulk imports replace many people at once: not for sales seats. */
  | 'people:import'
  | 'events:write'
  | 'campaigns:write'
  | 'sales:write'
  | 'lifecycle:write'
  /** Proposing a new agreement version, and approving or rejecting one for a side. */
  | 'agreement:propose'
  | 'agreement:approve'
  /** Webhook subscriptions, their secrets and delivery log, and the outbox (reads included). */
  | 'webhooks:manage'
  /** Handing a lead to another owner, or re-running routing for it: managers and the agreement owners. */
  | 'leads:assign'
  /** The content library, messaging and battlecards, and working the content request queue. */
  | 'content:write'
  /** Asking marketing for content (a content request): sales seats. */
  | 'content:request'
  /** Logging an asset sent to a person or for a deal: sales seats. */
  | 'content:usage'
  /** Attribution credits (all channels' revenue): not for sales seats. */
  | 'attribution:read'
  /** Cost entries: marketing and sales spend outside campaigns (revenue attribution's inputs). */
  | 'costs:write'
  /** Team-wide reports and diagnostics: aggregates over every owner's book, so not for reps. */
  | 'reports:read'
  /** Meetings of the cadence, their agendas and action items (completing one's own item needs only read). */
  | 'meetings:write'
  /** Personas, the buying-process map, sales plays, joint plans and the maturity assessment: both teams' leads. */
  | 'planning:write';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: [
    'read',
    'keys:manage',
    'org:write',
    'people:write',
    'people:erase',
    'people:import',
    'events:write',
    'campaigns:write',
    'sales:write',
    'lifecycle:write',
    'agreement:propose',
    'agreement:approve',
    'webhooks:manage',
    'leads:assign',
    'content:write',
    'content:request',
    'content:usage',
    'attribution:read',
    'costs:write',
    'reports:read',
    'meetings:write',
    'planning:write',
  ],
  revops: [
    'read',
    'org:write',
    'people:write',
    'people:erase',
    'people:import',
    'events:write',
    'campaigns:write',
    'sales:write',
    'lifecycle:write',
    'agreement:propose',
    'agreement:approve',
    'webhooks:manage',
    'leads:assign',
    'content:write',
    'content:request',
    'content:usage',
    'attribution:read',
    'costs:write',
    'reports:read',
    'meetings:write',
    'planning:write',
  ],
  marketing: [
    'read',
    'people:write',
    'people:import',
    'events:write',
    'campaigns:write',
    'lifecycle:write',
    'agreement:propose',
    'agreement:approve',
    'content:write',
    'attribution:read',
    'reports:read',
    'meetings:write',
    'planning:write',
  ],
  sales_manager: [
    'read',
    'people:write',
    'sales:write',
    'lifecycle:write',
    'agreement:propose',
    'agreement:approve',
    'leads:assign',
    'content:request',
    'content:usage',
    'attribution:read',
    'reports:read',
    'meetings:write',
    'planning:write',
  ],
  sales_rep: ['read', 'people:write', 'sales:write', 'lifecycle:write', 'content:request', 'content:usage'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Everything a role may do, so that a client (the dashboard) shows only what it can use. */
export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

/** Who is calling: an API key, or the local CLI acting as the operator of the machine. */
export interface Principal {
  kind: 'api_key' | 'cli' | 'system';
  id: string | null;
  role: Role;
  /** The user a key belongs to; a sales rep sees only the people this user owns. */
  userId: string | null;
  name: string;
}

export const CLI_PRINCIPAL: Principal = {
  kind: 'cli',
  id: null,
  role: 'admin',
  userId: null,
  name: 'servio CLI',
};
export const SYSTEM_PRINCIPAL: Principal = {
  kind: 'system',
  id: null,
  role: 'admin',
  userId: null,
  name: 'servio',
};

/** A rep is confined to their own book; every other role sees everything. */
export function ownerScope(principal: Principal): string | undefined {
  return principal.role === 'sales_rep' ? (principal.userId ?? '\u0000no-user') : undefined;
}

const SECRET_PREFIX = 'sk_';

/** A new secret: `sk_` + 32 random bytes, base64url. Only its hash is stored. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 suffices: the secret has 256 bits of entropy, so it cannot be guessed offline. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What is shown in listings so an operator can recognise a key: `sk_AbCd1234…`. */
export function secretPrefix(secret: string): string {
  return secret.slice(0, SECRET_PREFIX.length + 8);
}
