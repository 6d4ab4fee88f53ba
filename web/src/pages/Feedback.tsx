import { type FormEvent, useMemo, useState } from 'react';
import { apiGet, apiPost } from '../api.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorBox, Loading } from '../components/Status.tsx';
import { Tile, Tiles } from '../components/Tile.tsx';
import { formatCount, formatDateTime } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { can } from '../nav.ts';
import type { MarketingTask, Me, Page, QualityFlag } from '../types.ts';
import { codesOf, kindLabel, openFlagsByCampaign, tasksByCampaign, tasksBySource } from './feedback-model.ts';

/**
 * Feedback to marketing (issue 8): the lead-quality flags sales raised, per campaign, for
 * the campaign owners to answer; and the marketing tasks the DQ codes' actions opened,
 * grouped by campaign and by lead source.
 */
export default function Feedback({ me }: { me: Me }) {
  const flags = useLoad('quality-flags', () =>
    apiGet<{ items: QualityFlag[] }>('/v1/quality-flags', { limit: 500 }),
  );
  const tasks = useLoad('marketing-tasks', () =>
    apiGet<{ items: MarketingTask[] }>('/v1/marketing-tasks', { status: 'open', limit: 500 }),
  );
  const campaigns = useLoad('campaigns', () =>
    apiGet<Page<{ id: string; name: string }>>('/v1/campaigns', { limit: 500 }),
  );
  const names = useMemo(
    () => new Map((campaigns.data?.items ?? []).map((campaign) => [campaign.id, campaign.name])),
    [campaigns.data],
  );
  const mayAnswer = can(me, 'campaigns:write');
  const open = (flags.data?.items ?? []).filter((flag) => flag.status !== 'resolved');
  const openTasks = tasks.data?.items ?? [];
  return (
    <>
      <h1>Feedback to marketing</h1>
      <ErrorBox error={flags.error ?? tasks.error ?? campaigns.error} />
      {(flags.loading || tasks.loading) && <Loading what="flags and marketing tasks" />}
      {flags.data && tasks.data && (
        <Tiles label="Feedback to marketing">
          <Tile metric="open-flags" label="Open lead-quality flags" value={formatCount(open.length)} />
          <Tile metric="open-tasks" label="Open marketing tasks" value={formatCount(openTasks.length)} />
          <Tile
            metric="task-leads"
            label="Disqualified leads behind them"
            value={formatCount(openTasks.reduce((sum, task) => sum + task.leadCount, 0))}
          />
        </Tiles>
      )}
      {flags.data && (
        <section className="panel" aria-labelledby="flags-title">
          <h2 id="flags-title">Lead-quality flags</h2>
          <DataTable
            caption="Open flags per campaign"
            columns={[
              { header: 'Campaign', cell: (row) => row.campaign },
              { header: 'Open', cell: (row) => row.open, numeric: true },
              { header: 'High severity', cell: (row) => row.high, numeric: true },
              { header: 'Issues', cell: (row) => row.kinds },
            ]}
            rows={openFlagsByCampaign(flags.data.items, names)}
            rowKey={(row) => row.campaignId ?? ''}
            empty="No open flag."
          />
          <DataTable
            caption={`The ${open.length} open flags, newest first`}
            columns={[
              { header: 'Raised', cell: (flag) => formatDateTime(flag.raisedAt) },
              { header: 'Kind', cell: (flag) => kindLabel(flag.kind) },
              { header: 'Severity', cell: (flag) => flag.severity },
              { header: 'Lead', cell: (flag) => flag.personId ?? '–' },
              {
                header: 'Campaign',
                cell: (flag) => (flag.campaignId ? (names.get(flag.campaignId) ?? flag.campaignId) : '–'),
              },
              { header: 'Issue', cell: (flag) => flag.comment ?? '' },
              { header: 'Status', cell: (flag) => flag.status },
            ]}
            rows={open}
            rowKey={(flag) => flag.id}
            empty="No open flag."
          />
          {mayAnswer && open.length > 0 && (
            <AnswerForm
              legend="Answer a flag"
              choices={open.map((flag) => ({
                id: flag.id,
                label: `${kindLabel(flag.kind)} on ${flag.personId ?? (flag.campaignId && names.get(flag.campaignId)) ?? flag.id}`,
              }))}
              textLabel="Response to sales"
              statuses={['resolved', 'acknowledged']}
              submit={(id, text, status) =>
                apiPost(`/v1/quality-flags/${encodeURIComponent(id)}/resolve`, { response: text, status })
              }
              onDone={flags.reload}
            />
          )}
        </section>
      )}
      {tasks.data && (
        <section className="panel" aria-labelledby="tasks-title">
          <h2 id="tasks-title">Marketing tasks from disqualifications</h2>
          {tasksByCampaign(openTasks, names).map((group) => (
            <DataTable
              key={group.key}
              caption={`${group.label}: ${group.leads} disqualified lead${group.leads === 1 ? '' : 's'}`}
              columns={[
                { header: 'DQ code', cell: (task) => task.dqCode },
                { header: 'Marketing action', cell: (task) => task.action },
                { header: 'Leads', cell: (task) => task.leadCount, numeric: true },
                { header: 'Latest', cell: (task) => formatDateTime(task.latestAt) },
                {
                  header: 'Assigned to',
                  cell: (task) => (task.assignedTo === 'marketing_ops' ? 'Marketing ops' : 'Campaign owner'),
                },
              ]}
              rows={group.tasks}
              rowKey={(task) => task.id}
            />
          ))}
          {openTasks.length === 0 && <p className="muted">No open marketing task.</p>}
          <DataTable
            caption="Open tasks by lead source"
            columns={[
              { header: 'Lead source', cell: (group) => group.label },
              { header: 'Disqualified leads', cell: (group) => group.leads, numeric: true },
              {
                header: 'DQ codes and actions',
                cell: (group) => codesOf(group.tasks),
              },
            ]}
            rows={tasksBySource(openTasks)}
            rowKey={(group) => group.key}
            empty="No open marketing task."
          />
          {mayAnswer && openTasks.length > 0 && (
            <AnswerForm
              legend="Complete a task"
              choices={openTasks.map((task) => ({
                id: task.id,
                label: `${task.dqCode} ${task.campaignId ? (names.get(task.campaignId) ?? task.campaignId) : (task.leadSource ?? '')}: ${task.action}`,
              }))}
              textLabel="What marketing did"
              submit={(id, text) =>
                apiPost(`/v1/marketing-tasks/${encodeURIComponent(id)}/complete`, { note: text })
              }
              onDone={tasks.reload}
            />
          )}
        </section>
      )}
    </>
  );
}

function AnswerForm({
  legend,
  choices,
  textLabel,
  statuses,
  submit,
  onDone,
}: {
  legend: string;
  choices: { id: string; label: string }[];
  textLabel: string;
  statuses?: string[];
  submit: (id: string, text: string, status?: string) => Promise<unknown>;
  onDone: () => void;
}) {
  const [id, setId] = useState('');
  const [text, setText] = useState('');
  const [status, setStatus] = useState(statuses?.[0] ?? '');
  const [error, setError] = useState<Error | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const send = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await submit(id, text, statuses ? status : undefined);
      setDone(`${legend}: done.`);
      setId('');
      setText('');
      onDone();
    } catch (failure) {
      setError(failure as Error);
    }
  };
  return (
    <form onSubmit={send} aria-label={legend}>
      <fieldset>
        <legend>{legend}</legend>
        <label>
          Which
          <select required value={id} onChange={(event) => setId(event.target.value)}>
            <option value="">choose…</option>
            {choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        {statuses && (
          <label>
            Answer
            <select value={status} onChange={(event) => setStatus(event.target.value)}>
              {statuses.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {textLabel}
          <textarea required rows={2} value={text} onChange={(event) => setText(event.target.value)} />
        </label>
        <button type="submit">Send</button>
        <ErrorBox error={error} title="Not recorded" />
        {done && <p role="status">{done}</p>}
      </fieldset>
    </form>
  );
}
