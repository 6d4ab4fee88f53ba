import type { Me } from './types.ts';

/**
 * The dashboard's pages, and what a key must be allowed to see each one. The permissions
 * are the API's (src/access/model.ts), read from GET /v1/me, so the navigation shows what
 * the role can use and nothing the API would refuse. Pure, tested in nav.test.ts.
 */
export interface PageEntry {
  id: string;
  path: string;
  title: string;
  /** Who sees it: a permission of the key, and optionally only some roles. */
  permission: string;
  roles?: readonly Me['role'][];
}

export const PAGES: readonly PageEntry[] = [
  { id: 'overview', path: '/', title: 'Overview', permission: 'read' },
  // The queue is for those who work leads: SDRs and AEs, their managers, and the operators.
  { id: 'queue', path: '/queue', title: 'My queue', permission: 'sales:write' },
  { id: 'sla', path: '/sla', title: 'SLA compliance', permission: 'read' },
  { id: 'attribution', path: '/attribution', title: 'Attribution', permission: 'attribution:read' },
  { id: 'reports', path: '/reports', title: 'Reports', permission: 'reports:read' },
  {
    id: 'planning',
    path: '/planning',
    title: 'Planning',
    permission: 'read',
    roles: ['admin', 'revops', 'marketing', 'sales_manager'],
  },
  { id: 'content', path: '/content', title: 'Content', permission: 'read' },
  { id: 'messaging', path: '/messaging', title: 'Messaging', permission: 'read' },
  { id: 'content-requests', path: '/content-requests', title: 'Content requests', permission: 'read' },
  {
    id: 'feedback',
    path: '/feedback',
    title: 'Feedback to marketing',
    permission: 'read',
    roles: ['admin', 'revops', 'marketing', 'sales_manager'],
  },
  {
    id: 'plan',
    path: '/plan',
    title: 'Joint plan',
    // The plan's progress is team-wide, as the reports are (GET /v1/plans/:quarter).
    permission: 'reports:read',
  },
  {
    id: 'competitors',
    path: '/competitors',
    title: 'Competitors',
    permission: 'read',
    roles: ['admin', 'revops', 'marketing', 'sales_manager'],
  },
  { id: 'agreement', path: '/agreement', title: 'Agreement', permission: 'read' },
  { id: 'meetings', path: '/meetings', title: 'Meetings', permission: 'read' },
];

export function visiblePages(me: Pick<Me, 'role' | 'permissions'>): PageEntry[] {
  return PAGES.filter(
    (page) => me.permissions.includes(page.permission) && (!page.roles || page.roles.includes(me.role)),
  );
}

/** The page a path shows, if the key may see it; the first visible page otherwise. */
export function pageFor(pathname: string, visible: readonly PageEntry[]): PageEntry | undefined {
  const clean = pathname.replace(/\/+$/, '') || '/';
  return visible.find((page) => page.path === clean) ?? visible[0];
}

export function can(me: Pick<Me, 'permissions'>, permission: string): boolean {
  return me.permissions.includes(permission);
}
