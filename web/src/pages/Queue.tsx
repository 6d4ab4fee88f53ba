import { useState } from 'react';
import { apiGet } from '../api.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { ErrorBox, Loading } from '../components/Status.tsx';
import { formatDateTime, slaCountdown } from '../format.ts';
import { useLoad, useNow } from '../hooks.ts';
import type { AgreementVersion, Me, Page, QueueItem, User } from '../types.ts';
import { LeadPanel } from './LeadPanel.tsx';

/** Whose queue: a rep's own; a manager or operator picks a seller, or the unassigned queue. */
function OwnerPicker({
  owner,
  own,
  onChange,
}: {
  owner: string;
  own: boolean;
  onChange: (owner: string) => void;
}) {
  const users = useLoad('users', () => apiGet<Page<User>>('/v1/users', { limit: 200 }));
  const sellers = (users.data?.items ?? []).filter(
    (user) => user.active && ['sdr', 'ae', 'sales_manager'].includes(user.role),
  );
  return (
    <label className="inline">
      Queue of{' '}
      <select value={owner} onChange={(event) => onChange(event.target.value)}>
        <option value="">choose a seller…</option>
        {own && <option value="me">my own</option>}
        <option value="unassigned">the unassigned queue</option>
        {sellers.map((user) => (
          <option key={user.id} value={user.id}>
            {user.name} ({user.role.toUpperCase()})
          </option>
        ))}
      </select>
    </label>
  );
}

export default function Queue({ me }: { me: Me }) {
  // A rep always works their own queue; a manager or operator may look at anyone's.
  const rep = me.role === 'sales_rep';
  const [owner, setOwner] = useState(me.userId ? 'me' : '');
  const [selected, setSelected] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const now = useNow();
  const queue = useLoad(owner ? `queue:${owner}` : null, () =>
    apiGet<{ items: QueueItem[] }>('/v1/queue', { owner, limit: 100 }),
  );
  const agreement = useLoad('agreement', () => apiGet<AgreementVersion>('/v1/agreement'));
  const items = queue.data?.items ?? [];
  const current = items.find((item) => item.personId === selected);

  const columns: Column<QueueItem>[] = [
    {
      header: 'Lead',
      cell: (item) => (
        <button
          type="button"
          className="link"
          aria-pressed={item.personId === selected}
          onClick={() => setSelected(item.personId)}
        >
          {item.name}
        </button>
      ),
    },
    { header: 'Company', cell: (item) => item.company ?? '–' },
    { header: 'Title', cell: (item) => item.title ?? '–' },
    { header: 'Score', cell: (item) => item.score ?? '–', numeric: true },
    { header: 'Stage', cell: (item) => item.stage.toUpperCase() },
    {
      header: 'First touch due',
      cell: (item) => {
        const countdown = slaCountdown(item.firstTouchDueAt, now);
        return (
          <span
            className={countdown.overdue ? 'overdue' : 'due'}
            title={formatDateTime(item.firstTouchDueAt)}
          >
            {countdown.text}
          </span>
        );
      },
    },
  ];

  return (
    <>
      <div className="page-head">
        <h1>{rep ? 'My queue' : 'Lead queues'}</h1>
        {!rep && (
          <OwnerPicker
            owner={owner}
            own={me.userId !== null}
            onChange={(value) => {
              setOwner(value);
              setSelected(undefined);
            }}
          />
        )}
      </div>
      <ErrorBox error={queue.error} />
      <p role="status" className="notice">
        {message}
      </p>
      {!owner && <p>Choose a seller to see their queue.</p>}
      {queue.loading && <Loading what="the queue" />}
      {queue.data && (
        <div className="queue-layout">
          <section aria-label="Leads waiting" className="panel">
            <DataTable
              caption={`${items.length} lead${items.length === 1 ? '' : 's'} waiting, most urgent first`}
              columns={columns}
              rows={items}
              rowKey={(item) => item.personId}
              rowClass={(item) => (item.personId === selected ? 'selected' : undefined)}
              empty="The queue is empty."
            />
          </section>
          {current && (
            <LeadPanel
              key={current.personId}
              item={current}
              me={me}
              dqCodes={agreement.data?.document?.disqualificationCodes ?? []}
              onDone={(text) => {
                setMessage(`${current.name}: ${text}`);
                setSelected(undefined);
                queue.reload();
              }}
            />
          )}
        </div>
      )}
    </>
  );
}
