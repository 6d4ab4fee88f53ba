import { useState } from 'react';
import { apiGet, apiPost } from '../api.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { ErrorBox, Loading } from '../components/Status.tsx';
import { Tile, Tiles } from '../components/Tile.tsx';
import type { Asset, ContentRequest, RequestType } from '../content-types.ts';
import { formatCount, formatDateTime, slaCountdown } from '../format.ts';
import { useLoad, useNow } from '../hooks.ts';
import { can } from '../nav.ts';
import type { Me, Page, User } from '../types.ts';
import {
  anchorLabel,
  CLOCK_LABELS,
  type ClockState,
  clockState,
  EMPTY_REQUEST,
  queueOrder,
  type RequestForm,
  requestBody,
  words,
} from './content-model.ts';

const TONE: Record<ClockState, string> = {
  on_track: 'badge ok',
  at_risk: 'badge neutral',
  breached: 'badge bad',
  delivered_on_time: 'badge ok',
  delivered_late: 'badge bad',
  declined: 'badge neutral',
};

/**
 * Sales-to-Marketing content requests (seed 001, Feedback Loops): the queue with its owner,
 * status, type and the due of its SLA clock and where it stands; sales seats ask for content,
 * marketing delivers it with the asset produced.
 */
export default function ContentRequests({ me }: { me: Me }) {
  const now = useNow();
  const queue = useLoad('content-requests', () =>
    apiGet<Page<ContentRequest>>('/v1/content-requests', { limit: 500 }),
  );
  const types = useLoad('content-request-types', () => apiGet<RequestType[]>('/v1/content-requests/types'));
  const users = useLoad('users', () => apiGet<Page<User>>('/v1/users', { limit: 500 }));
  const writer = can(me, 'content:write');
  const assets = useLoad(writer ? 'assets:deliver' : null, () =>
    apiGet<Page<Asset>>('/v1/content/assets', { limit: 500 }),
  );
  const nameOf = (id: string | null) =>
    (id && users.data?.items.find((user) => user.id === id)?.name) ?? id ?? 'nobody yet';
  const typeName = (type: string) => types.data?.find((t) => t.type === type)?.requestType ?? words(type);
  const rows = queueOrder(queue.data?.items ?? []);
  const states = rows.map((r) => clockState(r, now));
  const count = (state: ClockState) => states.filter((s) => s === state).length;
  const open = rows.filter((r) => r.status === 'open' || r.status === 'in_progress').length;

  const columns: Column<ContentRequest>[] = [
    { header: 'Request', cell: (r) => r.title },
    { header: 'Type', cell: (r) => typeName(r.type) },
    { header: 'Requested by', cell: (r) => nameOf(r.requesterUserId) },
    { header: 'Owner', cell: (r) => nameOf(r.ownerUserId) },
    { header: 'Status', cell: (r) => words(r.status) },
    {
      header: 'Due',
      cell: (r) => {
        const open = r.status === 'open' || r.status === 'in_progress';
        return (
          <span title={formatDateTime(r.dueAt)}>
            {formatDateTime(r.dueAt)}
            {open && <span className="muted"> ({slaCountdown(r.dueAt, now).text})</span>}
          </span>
        );
      },
    },
    {
      header: 'Clock',
      cell: (r) => {
        const state = clockState(r, now);
        return (
          <span className={TONE[state]} data-state={state}>
            {CLOCK_LABELS[state]}
          </span>
        );
      },
    },
    {
      header: 'Asset',
      cell: (r) =>
        r.assetId ? (
          (assets.data?.items.find((a) => a.id === r.assetId)?.title ?? r.assetId)
        ) : writer && (r.status === 'open' || r.status === 'in_progress') ? (
          <Deliver request={r} assets={assets.data?.items ?? []} onDone={queue.reload} />
        ) : (
          '–'
        ),
    },
  ];

  return (
    <>
      <div className="page-head">
        <h1>Content requests</h1>
      </div>
      <Tiles label="Content request queue">
        <Tile metric="requests-open" label="Open" value={queue.data ? formatCount(open) : '–'} />
        <Tile
          metric="requests-at-risk"
          label="At risk"
          value={queue.data ? formatCount(count('at_risk')) : '–'}
        />
        <Tile
          metric="requests-breached"
          label="Breached (open)"
          value={queue.data ? formatCount(count('breached')) : '–'}
        />
        <Tile
          metric="requests-on-time"
          label="Delivered on time"
          value={
            queue.data
              ? `${count('delivered_on_time')} of ${count('delivered_on_time') + count('delivered_late')}`
              : '–'
          }
        />
      </Tiles>
      {can(me, 'content:request') && types.data && (
        <RequestContent types={types.data} onDone={queue.reload} />
      )}
      <section className="panel" aria-labelledby="queue-title">
        <h2 id="queue-title">Queue</h2>
        <ErrorBox error={queue.error} />
        {queue.loading && <Loading what="the queue" />}
        <DataTable
          caption={`Content requests: ${rows.length}, open work first by due`}
          columns={columns}
          rows={rows}
          rowKey={(r) => r.id}
          empty="No content request yet."
        />
      </section>
      {types.data && (
        <section className="panel" aria-labelledby="turnaround-title">
          <h2 id="turnaround-title">Turnaround targets</h2>
          <DataTable
            caption="Seed 001, Sales-to-Marketing Content Requests"
            columns={[
              { header: 'Request type', cell: (t: RequestType) => t.requestType },
              { header: 'Turnaround target', cell: (t) => t.turnaroundTarget },
              { header: 'Format', cell: (t) => t.format },
            ]}
            rows={types.data}
            rowKey={(t) => t.type}
          />
        </section>
      )}
    </>
  );
}

/** The "request content" form of sales seats (content:request). */
function RequestContent({ types, onDone }: { types: RequestType[]; onDone: () => void }) {
  const [form, setForm] = useState<RequestForm>({ ...EMPTY_REQUEST, type: types[0]?.type ?? '' });
  const [error, setError] = useState<Error | undefined>();
  const [sent, setSent] = useState<string | undefined>();
  const type = types.find((t) => t.type === form.type);
  const dateLabel = anchorLabel(type);
  const set = (field: keyof RequestForm) => (event: { target: { value: string } }) =>
    setForm({ ...form, [field]: event.target.value });
  return (
    <section className="panel" aria-labelledby="request-title">
      <h2 id="request-title">Request content</h2>
      <form
        className="actions"
        onSubmit={async (event) => {
          event.preventDefault();
          setError(undefined);
          try {
            const created = await apiPost<ContentRequest>('/v1/content-requests', requestBody(form, type));
            setSent(`Requested "${created.title}": due ${formatDateTime(created.dueAt)}.`);
            setForm({ ...EMPTY_REQUEST, type: form.type });
            onDone();
          } catch (failure) {
            setSent(undefined);
            setError(failure as Error);
          }
        }}
      >
        <label className="inline">
          Type
          <select value={form.type} onChange={set('type')}>
            {types.map((t) => (
              <option key={t.type} value={t.type}>
                {t.requestType} ({t.turnaroundTarget})
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Title
          <input value={form.title} required onChange={set('title')} />
        </label>
        {dateLabel && (
          <label className="inline">
            {dateLabel}
            <input type="date" value={form.anchorOn} required onChange={set('anchorOn')} />
          </label>
        )}
        <label className="inline">
          Persona
          <input value={form.persona} onChange={set('persona')} />
        </label>
        <label className="inline">
          Competitor
          <input value={form.competitor} onChange={set('competitor')} />
        </label>
        <label className="inline">
          Details
          <input value={form.details} onChange={set('details')} />
        </label>
        <button type="submit">Request content</button>
      </form>
      {sent && (
        <p role="status" className="notice">
          {sent}
        </p>
      )}
      <ErrorBox error={error} title="Not requested" />
    </section>
  );
}

/** Marketing delivers a request with the asset it produced (content:write). */
function Deliver({
  request,
  assets,
  onDone,
}: {
  request: ContentRequest;
  assets: Asset[];
  onDone: () => void;
}) {
  const [assetId, setAssetId] = useState('');
  const [error, setError] = useState<Error | undefined>();
  return (
    <form
      className="inline-form"
      onSubmit={async (event) => {
        event.preventDefault();
        try {
          await apiPost(`/v1/content-requests/${encodeURIComponent(request.id)}/deliver`, { assetId });
          onDone();
        } catch (failure) {
          setError(failure as Error);
        }
      }}
    >
      <select
        aria-label={`Asset delivered for "${request.title}"`}
        value={assetId}
        required
        onChange={(event) => setAssetId(event.target.value)}
      >
        <option value="">asset produced…</option>
        {assets.map((asset) => (
          <option key={asset.id} value={asset.id}>
            {asset.title}
          </option>
        ))}
      </select>
      <button type="submit">Mark delivered</button>
      <ErrorBox error={error} title="Not delivered" />
    </form>
  );
}
