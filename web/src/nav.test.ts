import { describe, expect, it } from 'vitest';
// The API's own grants (model.ts alone: the capability's index would bring its routes along).
import { can as roleCan, permissionsOf, ROLES } from '../../src/access/model.ts';
import { pageFor, visiblePages } from './nav.ts';

const me = (role: (typeof ROLES)[number]) => ({ role, permissions: [...permissionsOf(role)] });

describe('visiblePages', () => {
  it('shows the queue only to roles that may work leads, as the API grants it', () => {
    for (const role of ROLES) {
      const ids = visiblePages(me(role)).map((page) => page.id);
      expect(ids.includes('queue')).toBe(roleCan(role, 'sales:write'));
      expect(ids).toContain('overview');
      expect(ids).toContain('agreement');
    }
  });

  it('leaves planning out of a rep’s navigation', () => {
    expect(visiblePages(me('sales_rep')).map((page) => page.id)).toEqual([
      'overview',
      'queue',
      'sla',
      'content',
      'messaging',
      'content-requests',
      'agreement',
      'meetings',
    ]);
    expect(visiblePages(me('marketing')).map((page) => page.id)).toEqual([
      'overview',
      'sla',
      'attribution',
      'reports',
      'planning',
      'content',
      'messaging',
      'content-requests',
      'feedback',
      'plan',
      'competitors',
      'agreement',
      'meetings',
    ]);
  });
});

describe('attribution and reports', () => {
  it('are shown exactly to the roles the API lets read them', () => {
    for (const role of ROLES) {
      const ids = visiblePages(me(role)).map((page) => page.id);
      expect(ids.includes('attribution')).toBe(roleCan(role, 'attribution:read'));
      expect(ids.includes('reports')).toBe(roleCan(role, 'reports:read'));
      expect(ids.includes('plan')).toBe(roleCan(role, 'reports:read'));
    }
  });
});

describe('pageFor', () => {
  it('finds a page by its path, and falls back to the first visible page for one the key may not see', () => {
    const pages = visiblePages(me('marketing'));
    expect(pageFor('/planning/', pages)?.id).toBe('planning');
    expect(pageFor('/queue', pages)?.id).toBe('overview');
  });
});
