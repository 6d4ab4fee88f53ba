import { describe, expect, inject, it } from 'vitest';
import { useApi } from '../support/api.js';
import { newUser, useCli } from '../support/factories.js';
import { buildReportDataset, REPORT_NOW, type ReportDataset } from '../support/report-fixtures.js';
import { forEachStore } from '../support/stores.js';

forEachStore('meetings API', (fx) => {
  const api = useApi(fx);
  let data: ReportDataset;

  it('serves the cadence to every role and lets only the managing roles edit it', async () => {
    data = await buildReportDataset(fx.ctx);
    fx.clock.set(REPORT_NOW);
    const rep = await api.repKey(data.userId);
    const cadence = await api.call('GET', '/v1/meeting-cadence', { key: rep });
    expect(cadence.status).toBe(200);
    expect(
      cadence.body.series.map((s: { name: string; durationMinutes: number }) => [s.name, s.durationMinutes]),
    ).toEqual([
      ['Pipeline Standup', 15],
      ['Campaign Performance Review', 30],
      ['Funnel Health Review', 60],
      ['Strategic Planning', 240],
    ]);
    const denied = await api.call('PATCH', '/v1/meeting-cadence', {
      key: rep,
      body: { timeZone: 'Europe/Paris' },
    });
    expect(denied.status).toBe(403);
    const bad = await api.call('PATCH', '/v1/meeting-cadence', {
      key: api.keys.marketing,
      body: { series: { campaign_review: { weekday: null } } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      { path: '/series/campaign_review/weekday', message: expect.any(String) },
    ]);
    const unknown = await api.call('PATCH', '/v1/meeting-cadence', { body: { series: { golf: {} } } });
    expect(unknown.status).toBe(400);
    const paris = await api.call('PATCH', '/v1/meeting-cadence', {
      key: api.keys.revops,
      body: { timeZone: 'Europe/Paris', series: { pipeline_standup: { startTime: '09:30' } } },
    });
    expect(paris.status).toBe(200);
    // Tuesday 2026-11-03 09:30 in Paris (CET) is 08:30Z.
    expect(paris.body.series[0].next[0]).toEqual({
      date: '2026-11-03',
      startsAt: '2026-11-03T08:30:00.000Z',
    });
  });

  it('creates a standup with its agenda, serves it as JSON, Markdown and HTML, and refuses a second one', async () => {
    const created = await api.call('POST', '/v1/meetings', {
      key: api.keys.sales_manager,
      body: { kind: 'pipeline_standup', date: '2026-10-05' },
    });
    expect(created.status).toBe(201);
    const id = created.body.meeting.id;
    // 09:30 Paris on Oct 5 is 07:30Z: P1 (Oct 2 09:00Z), P2, P3 are MQLs since Friday 00:00 Paris.
    expect(created.body.meeting.startsAt).toBe('2026-10-05T07:30:00.000Z');
    expect(created.body.agenda.items[0]).toMatchObject({
      title: "Yesterday's MQLs delivered",
      figures: { mqls: 3 },
    });

    const md = await api.call('GET', `/v1/meetings/${id}/agenda?format=md`);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toContain('text/markdown');
    expect(md.body).toContain('# PIPELINE STANDUP — 2026-10-05');
    expect(md.body).toContain("## 1. Yesterday's MQLs delivered\n\n- 3 MQLs delivered since 2026-10-02");
    const html = await api.call('GET', `/v1/meetings/${id}/agenda?format=html`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.body).toContain('<h2>2. Today&#39;s follow-up priorities</h2>');
    const json = await api.call('GET', `/v1/meetings/${id}/agenda`, { key: await api.repKey(data.userId) });
    expect(json.body.items.map((i: { topic: string }) => i.topic)).toEqual([
      'mqls_delivered',
      'follow_up_priorities',
      'lead_quality_flags',
    ]);

    const again = await api.call('POST', '/v1/meetings', {
      body: { kind: 'pipeline_standup', date: '2026-10-05' },
    });
    expect(again.status).toBe(409);
    const rep = await api.call('POST', '/v1/meetings', {
      key: await api.repKey(data.userId),
      body: { kind: 'pipeline_standup', date: '2026-10-06' },
    });
    expect(rep.status).toBe(403);
    const badKind = await api.call('POST', '/v1/meetings', { body: { kind: 'golf', date: '2026-10-06' } });
    expect(badKind.status).toBe(400);
    expect((await api.call('GET', '/v1/meetings/mtg_nope/agenda')).status).toBe(404);

    const notes = await api.call('PUT', `/v1/meetings/${id}/notes`, {
      body: { notes: 'Routing: move P4 to Ada.' },
    });
    expect(notes.body.notes).toBe('Routing: move P4 to Ada.');
    const list = await api.call('GET', '/v1/meetings?kind=pipeline_standup');
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([id]);
  });

  it('tracks action items: overdue flagged, carried to the next agenda, completed by their owner', async () => {
    const [meeting] = (await api.call('GET', '/v1/meetings')).body.items;
    const other = await newUser(fx.ctx, { name: 'Other Rep' });
    const add = await api.call('POST', `/v1/meetings/${meeting.id}/action-items`, {
      key: api.keys.marketing,
      body: { title: 'Fix the Social Sep-Oct form', ownerUserId: data.userId, dueOn: '2026-10-07' },
    });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ status: 'open', overdue: true });
    const noOwner = await api.call('POST', `/v1/meetings/${meeting.id}/action-items`, {
      body: { title: 'x', ownerUserId: 'usr_nope', dueOn: '2026-10-07' },
    });
    expect(noOwner.status).toBe(422);
    expect(noOwner.body.errors[0].path).toBe('/ownerUserId');

    const next = await api.call('POST', '/v1/meetings', {
      body: { kind: 'pipeline_standup', date: '2026-10-09' },
    });
    expect(next.body.agenda.carriedOver).toMatchObject([
      { title: 'Fix the Social Sep-Oct form', owner: 'Ada Report', dueOn: '2026-10-07', overdue: true },
    ]);
    const md = await api.call('GET', `/v1/meetings/${next.body.meeting.id}/agenda?format=md`);
    expect(md.body).toContain('| Ada Report | Fix the Social Sep-Oct form | 2026-10-07 | OVERDUE |');

    const overdue = await api.call('GET', `/v1/action-items?overdue=true&owner=${data.userId}`);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([add.body.id]);
    const stranger = await api.call('POST', `/v1/action-items/${add.body.id}/complete`, {
      key: await api.repKey(other.id),
    });
    expect(stranger.status).toBe(403);
    const owner = await api.repKey(data.userId);
    const done = await api.call('POST', `/v1/action-items/${add.body.id}/complete`, { key: owner });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', overdue: false, completedBy: data.userId });
    const mine = await api.call('GET', '/v1/action-items?owner=me&status=done', { key: owner });
    expect(mine.body.items).toHaveLength(1);
    expect((await api.call('GET', '/v1/action-items?overdue=true')).body.items).toEqual([]);
    const detail = await api.call('GET', `/v1/meetings/${meeting.id}`);
    expect(detail.body.actionItems).toMatchObject([{ status: 'done' }]);
  });
});

describe('servio meetings, servio action-items', () => {
  for (const kind of inject('stores')) {
    describe(`[${kind}]`, () => {
      const cli = useCli(kind);

      it('creates a meeting, prints its agenda, keeps notes and tracks an action item to done', async () => {
        const cadence = await cli.run('meetings', 'cadence');
        expect(cadence.code).toBe(0);
        expect(cadence.stdout).toMatch(
          /pipeline_standup\s+Pipeline Standup\s+daily\s+15\s+SDR team lead, Marketing campaign manager/,
        );

        const created = await cli.run(
          '--json',
          'meetings',
          'create',
          '--kind',
          'campaign_review',
          '--date',
          '2026-10-09',
        );
        expect(created.stderr).toBe('');
        const { meeting, agenda } = JSON.parse(created.stdout);
        expect(agenda.items[0].lines[0]).toMatch(/^MQLs delivered this week: 0 \(target: \d+\)$/);

        const md = await cli.run('meetings', 'agenda', meeting.id);
        expect(md.code).toBe(0);
        expect(md.stdout).toContain('# CAMPAIGN PERFORMANCE REVIEW — 2026-10-09');
        expect(md.stdout).toContain('## 5. Deal inspection');

        expect((await cli.run('meetings', 'notes', meeting.id, '--text', 'Scorecard sent')).code).toBe(0);
        const list = JSON.parse((await cli.run('--json', 'meetings', 'list')).stdout);
        expect(list).toMatchObject([{ id: meeting.id, notes: 'Scorecard sent' }]);

        const team = JSON.parse(
          (await cli.run('--json', 'teams', 'create', '--name', 'Marketing', '--function', 'marketing'))
            .stdout,
        );
        const add = await cli.run(
          '--json',
          'action-items',
          'add',
          '--meeting',
          meeting.id,
          '--title',
          'Refresh the battlecard',
          '--team',
          team.id,
          '--due',
          '2026-10-16',
        );
        expect(add.code).toBe(0);
        const item = JSON.parse(add.stdout);
        const listed = await cli.run('action-items', 'list', '--overdue');
        expect(listed.stdout).toContain('Refresh the battlecard');
        expect(listed.stdout).toContain('OVERDUE');
        const done = JSON.parse((await cli.run('--json', 'action-items', 'complete', item.id)).stdout);
        expect(done.status).toBe('done');
        expect((await cli.run('action-items', 'list', '--overdue')).stdout).toContain('No action items.');

        const bad = await cli.run('meetings', 'create', '--kind', 'golf', '--date', '2026-10-09');
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('/kind');
        const missing = await cli.run('meetings', 'agenda', 'mtg_nope');
        expect(missing.code).toBe(2);
      });
    });
  }
});
