import { useState } from 'react';
import { ApiError, apiGet, apiPost, apiText, download } from '../api.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { ErrorBox, Loading } from '../components/Status.tsx';
import { Tile, Tiles } from '../components/Tile.tsx';
import { formatCount, formatDateTime } from '../format.ts';
import { useLoad } from '../hooks.ts';
import type { Me } from '../types.ts';
import {
  type ActionItem,
  type Agenda,
  actionCounts,
  type CadenceView,
  canComplete,
  durationLabel,
  figureLabel,
  figureText,
  type Meeting,
  type UpcomingRow,
  upcoming,
} from './meetings-model.ts';

/**
 * The meeting cadence of seed 001: the next meeting of each series (with its agenda prepared
 * on demand from live data), the agenda of a meeting as generated, and the action items
 * tracked to done.
 */
export default function Meetings({ me }: { me: Me }) {
  const manage = me.permissions.includes('meetings:write');
  const cadence = useLoad('meeting-cadence', () => apiGet<CadenceView>('/v1/meeting-cadence'));
  const [round, setRound] = useState(0);
  const meetings = useLoad(`meetings:${round}`, () =>
    apiGet<{ items: Meeting[] }>('/v1/meetings', { limit: 30 }),
  );
  const items = useLoad(`action-items:${round}`, () =>
    apiGet<{ items: ActionItem[] }>('/v1/action-items', { status: 'open' }),
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<Error | undefined>();
  const latest = meetings.data?.items.at(-1)?.id ?? null;
  const shown = chosen ?? latest;

  const prepare = async (row: UpcomingRow) => {
    setError(undefined);
    try {
      const created = await apiPost<{ meeting: Meeting }>('/v1/meetings', { kind: row.kind, date: row.date });
      setChosen(created.meeting.id);
    } catch (failure) {
      // Prepared already: show that one.
      if (failure instanceof ApiError && failure.status === 409) {
        const existing = await apiGet<{ items: Meeting[] }>('/v1/meetings', {
          kind: row.kind,
          from: row.date,
          to: row.date,
        });
        setChosen(existing.items[0]?.id ?? null);
      } else setError(failure as Error);
    }
    setRound((n) => n + 1);
  };

  const counts = actionCounts(items.data?.items ?? []);
  const upcomingColumns: Column<UpcomingRow>[] = [
    { header: 'Meeting', cell: (r) => r.name },
    { header: 'Cadence', cell: (r) => r.cadence },
    { header: 'Next', cell: (r) => formatDateTime(r.startsAt) },
    { header: 'Duration', cell: (r) => r.duration },
    { header: 'Who', cell: (r) => r.attendees },
    ...(manage
      ? [
          {
            header: 'Agenda',
            cell: (r: UpcomingRow) => (
              <button
                type="button"
                onClick={() => prepare(r)}
                aria-label={`Prepare the agenda of ${r.name} on ${r.date}`}
              >
                Prepare agenda
              </button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <h1>Meetings</h1>
      <Tiles label="Action items">
        <Tile metric="open-actions" label="Open action items" value={formatCount(counts.open)} />
        <Tile
          metric="overdue-actions"
          label="Overdue action items"
          value={formatCount(counts.overdue)}
          detail="open past their due day"
        />
      </Tiles>
      <ErrorBox error={cadence.error ?? meetings.error ?? items.error ?? error} />
      <section className="panel" aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">Upcoming</h2>
        {cadence.loading && <Loading what="the cadence" />}
        {cadence.data && (
          <DataTable
            caption={`The next meeting of each series (${cadence.data.timeZone})`}
            columns={upcomingColumns}
            rows={upcoming(cadence.data)}
            rowKey={(r) => r.kind}
          />
        )}
      </section>
      <div className="columns">
        <section className="panel" aria-labelledby="agenda-title">
          <h2 id="agenda-title">Agenda</h2>
          {meetings.data && meetings.data.items.length > 0 && (
            <label className="inline">
              Meeting
              <select value={shown ?? ''} onChange={(event) => setChosen(event.target.value)}>
                {[...meetings.data.items].reverse().map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.title}
                  </option>
                ))}
              </select>
            </label>
          )}
          {meetings.data?.items.length === 0 && <p className="muted">No meeting yet.</p>}
          {shown && <AgendaView id={shown} round={round} />}
        </section>
        <ActionItems me={me} items={items.data?.items} onChange={() => setRound((n) => n + 1)} />
      </div>
    </>
  );
}

function AgendaView({ id, round }: { id: string; round: number }) {
  const agenda = useLoad(`agenda:${id}:${round}`, () => apiGet<Agenda>(`/v1/meetings/${id}/agenda`));
  const save = async (format: 'md' | 'html') => {
    const { text, type } = await apiText(`/v1/meetings/${id}/agenda`, { format });
    download(text, type, `agenda-${id}.${format}`);
  };
  if (agenda.loading && !agenda.data) return <Loading what="the agenda" />;
  if (agenda.error) return <ErrorBox error={agenda.error} />;
  const a = agenda.data;
  if (!a) return null;
  return (
    <article aria-label={`Agenda — ${a.title}`}>
      <h3>{a.title.toUpperCase()}</h3>
      <p className="muted">
        {formatDateTime(a.startsAt)} · {durationLabel(a.durationMinutes)} · {a.attendees.join(', ')} · reviews{' '}
        {a.period.label} · generated {formatDateTime(a.generatedAt)}
      </p>
      <div className="actions">
        <button type="button" onClick={() => save('md')}>
          Download Markdown
        </button>
        <button type="button" onClick={() => save('html')}>
          Download HTML
        </button>
      </div>
      <ol className="agenda">
        {a.items.map((item) => (
          <li key={item.topic + item.title}>
            <h4>{item.title}</h4>
            <dl className="figures">
              {Object.entries(item.figures).map(([name, value]) => (
                <div key={name} data-figure={`${item.topic}.${name}`}>
                  <dt>{figureLabel(name)}</dt>
                  <dd>{figureText(name, value)}</dd>
                </div>
              ))}
            </dl>
            <ul>
              {item.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            {item.table && (
              <DataTable
                caption={item.title}
                columns={item.table.headers.map((header, i) => ({
                  header: header || ' ',
                  cell: (row: string[]) => row[i],
                }))}
                rows={item.table.rows}
                rowKey={(row) => row.join('|')}
              />
            )}
          </li>
        ))}
      </ol>
      <DataTable
        caption="Action items carried over"
        columns={[
          { header: 'Owner', cell: (c) => c.owner ?? '—' },
          { header: 'Action', cell: (c) => c.title },
          {
            header: 'Due',
            cell: (c) => <span className={c.overdue ? 'overdue' : undefined}>{c.dueOn}</span>,
          },
          { header: 'Raised in', cell: (c) => c.meetingTitle },
        ]}
        rows={a.carriedOver}
        rowKey={(c) => c.id}
        empty="None open."
      />
    </article>
  );
}

function ActionItems({
  me,
  items,
  onChange,
}: {
  me: Me;
  items: ActionItem[] | undefined;
  onChange: () => void;
}) {
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState<string | null>(null);
  const complete = async (item: ActionItem) => {
    setBusy(item.id);
    setError(undefined);
    try {
      await apiPost(`/v1/action-items/${item.id}/complete`);
      onChange();
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Open action items</h2>
      <ErrorBox error={error} title="Could not complete" />
      {!items && <Loading what="the action items" />}
      {items && (
        <DataTable
          caption="Open action items, earliest due first"
          columns={[
            { header: 'Action', cell: (i) => i.title },
            { header: 'Owner', cell: (i) => i.ownerName ?? i.teamName ?? '—' },
            {
              header: 'Due',
              cell: (i) => (
                <span className={i.overdue ? 'overdue' : undefined}>
                  {i.dueOn}
                  {i.overdue ? ' (overdue)' : ''}
                </span>
              ),
            },
            {
              header: 'Done',
              cell: (i) =>
                canComplete(me, i) ? (
                  <button
                    type="button"
                    disabled={busy !== null}
                    onClick={() => complete(i)}
                    aria-label={`Complete: ${i.title}`}
                  >
                    {busy === i.id ? 'Saving…' : 'Complete'}
                  </button>
                ) : (
                  ''
                ),
            },
          ]}
          rows={items}
          rowKey={(i) => i.id}
          rowClass={(i) => (i.overdue ? 'overdue-row' : undefined)}
          empty="Nothing open."
        />
      )}
    </section>
  );
}
