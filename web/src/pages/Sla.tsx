import { useState } from 'react';
import { apiGet, apiPost } from '../api.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { Badge, ErrorBox, Loading } from '../components/Status.tsx';
import { formatDateTime, formatDuration } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { can } from '../nav.ts';
import { isPeriod, monthOf } from '../period.ts';
import type { Clock, Compliance, ComplianceRow, Me, Page, User } from '../types.ts';

const ROW_COLUMNS: Column<ComplianceRow>[] = [
  { header: 'Metric', cell: (row) => row.metric },
  { header: 'Target', cell: (row) => row.target },
  { header: 'Actual', cell: (row) => row.actual },
  { header: 'Status', cell: (row) => <Badge ok={row.met} /> },
  { header: 'Missed', cell: (row) => row.missed, numeric: true },
];

export default function Sla({ me }: { me: Me }) {
  const [period, setPeriod] = useState(() => monthOf(new Date()));
  // A half-typed period is not asked for: the last answer stays until the period is whole.
  const compliance = useLoad(isPeriod(period) ? `compliance:${period}` : null, () =>
    apiGet<Compliance>('/v1/sla/compliance', { period }),
  );
  const breaches = useLoad('breaches', () =>
    apiGet<Page<Clock>>('/v1/sla/clocks', { status: 'breached', limit: 100 }),
  );
  const users = useLoad('users', () => apiGet<Page<User>>('/v1/users', { limit: 500 }));
  const nameOf = (id: string | null) =>
    (id && users.data?.items.find((user) => user.id === id)?.name) ?? id ?? '–';
  const clocks = breaches.data?.items ?? [];
  const escalated = clocks.filter((clock) => clock.escalationLevel > 0);

  const clockColumns: Column<Clock>[] = [
    { header: 'Policy', cell: (clock) => clock.policy.replaceAll('_', ' ') },
    { header: 'Accountable', cell: (clock) => nameOf(clock.accountableUserId) },
    { header: 'Due', cell: (clock) => formatDateTime(clock.dueAt) },
    {
      header: 'Late by',
      cell: (clock) =>
        formatDuration(
          (clock.stoppedAt ? Date.parse(clock.stoppedAt) : Date.now()) - Date.parse(clock.dueAt),
        ),
    },
    {
      header: 'Escalation',
      cell: (clock) => (clock.escalationLevel > 0 ? `level ${clock.escalationLevel}` : '–'),
    },
    {
      header: 'Acknowledged',
      cell: (clock) =>
        clock.acknowledgedAt ? (
          clock.acknowledgement
        ) : can(me, 'sales:write') ? (
          <Acknowledge clock={clock} onDone={breaches.reload} />
        ) : (
          'no'
        ),
    },
  ];

  return (
    <>
      <div className="page-head">
        <h1>SLA compliance</h1>
        <label className="inline">
          Period{' '}
          <input
            value={period}
            pattern="\d{4}-(\d{2}|Q[1-4])"
            title="a month (2026-10) or a quarter (2026-Q4)"
            onChange={(event) => setPeriod(event.target.value)}
          />
        </label>
      </div>
      <ErrorBox error={compliance.error} />
      {compliance.loading && <Loading what="compliance" />}
      {compliance.data && (
        <>
          <section className="panel" aria-label="Marketing SLA to Sales">
            <DataTable
              caption={`Marketing SLA to Sales, ${compliance.data.period} (agreement v${compliance.data.agreementVersion})`}
              columns={ROW_COLUMNS}
              rows={compliance.data.marketing}
              rowKey={(row) => row.id}
            />
          </section>
          <section className="panel" aria-label="Sales SLA to Marketing">
            <DataTable
              caption={`Sales SLA to Marketing, ${compliance.data.period}`}
              columns={ROW_COLUMNS}
              rows={compliance.data.sales}
              rowKey={(row) => row.id}
            />
          </section>
        </>
      )}
      <ErrorBox error={breaches.error} />
      <ClockTable
        label="Escalations"
        caption={`Escalations: ${escalated.length} breach${escalated.length === 1 ? '' : 'es'} gone up the chain`}
        columns={clockColumns}
        clocks={escalated}
        empty="No breach has been escalated."
      />
      <ClockTable
        label="Breaches"
        caption={`Breaches: the ${clocks.length} most recent clocks that ran out`}
        columns={clockColumns}
        clocks={clocks}
        empty="No breached clock."
      />
    </>
  );
}

const SHOWN = 15;

/** A list of clocks, the first few shown until asked for all. */
function ClockTable({
  label,
  caption,
  columns,
  clocks,
  empty,
}: {
  label: string;
  caption: string;
  columns: Column<Clock>[];
  clocks: Clock[];
  empty: string;
}) {
  const [all, setAll] = useState(false);
  const rows = all ? clocks : clocks.slice(0, SHOWN);
  return (
    <section className="panel" aria-label={label}>
      <DataTable caption={caption} columns={columns} rows={rows} rowKey={(clock) => clock.id} empty={empty} />
      {clocks.length > SHOWN && (
        <button type="button" onClick={() => setAll(!all)}>
          {all ? `Show the first ${SHOWN}` : `Show all ${clocks.length}`}
        </button>
      )}
    </section>
  );
}

function Acknowledge({ clock, onDone }: { clock: Clock; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | undefined>();
  return (
    <form
      className="inline-form"
      onSubmit={async (event) => {
        event.preventDefault();
        try {
          await apiPost(`/v1/sla/clocks/${encodeURIComponent(clock.id)}/acknowledge`, { note });
          onDone();
        } catch (failure) {
          setError(failure as Error);
        }
      }}
    >
      <input
        aria-label={`Note acknowledging the ${clock.policy.replaceAll('_', ' ')} breach`}
        value={note}
        required
        placeholder="why, and what now"
        onChange={(event) => setNote(event.target.value)}
      />
      <button type="submit">Acknowledge</button>
      <ErrorBox error={error} title="Not acknowledged" />
    </form>
  );
}
