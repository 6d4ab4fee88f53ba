import { useState } from 'react';
import { apiGet } from '../api.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { ErrorBox, Loading } from '../components/Status.tsx';
import { Tile, Tiles } from '../components/Tile.tsx';
import { formatCount, formatDateTime, formatMoney, formatPercent } from '../format.ts';
import { useLoad } from '../hooks.ts';
import type { Me } from '../types.ts';
import {
  type CompetitorDeal,
  type CompetitorDetail,
  type CompetitorList,
  type CompetitorSummary,
  flagged,
  moneyText,
  orderForReview,
  overallWinRate,
  reasonText,
  statusText,
  totalLost,
  type WinLossItem,
  type WinLossList,
  winRateText,
} from './competitors-model.ts';

const day = (iso: string) => iso.slice(0, 10);

/** Competitive intelligence and win/loss feedback (issue 8, seed 001 DQ-05 and the 48-hour row). */
export default function Competitors(_props: { me: Me }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const valid = !from || !to || from <= to;
  const query = { from: from || undefined, to: to || undefined };
  const period = valid ? `${from}|${to}` : null;
  const competitors = useLoad(period && `competitors:${period}`, () =>
    apiGet<CompetitorList>('/v1/competitors', query),
  );
  const winLoss = useLoad(period && `win-loss:${period}`, () => apiGet<WinLossList>('/v1/win-loss', query));
  const items = competitors.data?.items ?? [];

  return (
    <>
      <div className="page-head">
        <h1>Competitors</h1>
        <div className="actions">
          <label className="inline">
            From <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
          </label>
          <label className="inline">
            To <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
          </label>
        </div>
      </div>
      {!valid && <p role="alert">Choose a first day on or before the last one.</p>}
      <ErrorBox error={competitors.error ?? winLoss.error} />
      {competitors.loading && <Loading what="competitors" />}
      {competitors.data && (
        <Tiles label="Competition in the period">
          <Tile metric="competitors" label="Competitors seen" value={formatCount(items.length)} />
          <Tile
            metric="competitive-win-rate"
            label="Win rate against competitors"
            value={formatPercent(overallWinRate(items))}
          />
          <Tile
            metric="lost-to-competitors"
            label="Lost to competitors"
            value={moneyText(totalLost(items))}
          />
          <Tile
            metric="missing-win-loss"
            label="Win/loss feedback missing"
            value={formatCount(winLoss.data?.summary.missing)}
            detail={winLoss.data ? `of ${formatCount(winLoss.data.summary.total)} closed deals` : undefined}
          />
        </Tiles>
      )}
      {competitors.data && (
        <section className="panel" aria-labelledby="competitors-title">
          <h2 id="competitors-title">Who we meet</h2>
          <DataTable
            caption={`${items.length} competitor${items.length === 1 ? '' : 's'}, most lost value first`}
            columns={competitorColumns(selected, setSelected)}
            rows={items}
            rowKey={(c) => c.key}
            rowClass={(c) => (c.key === selected ? 'selected' : undefined)}
            empty="No competitor named in this period."
          />
          {competitors.data.unattributedDq05 > 0 && (
            <p className="muted">
              {competitors.data.unattributedDq05} DQ-05 disqualifications name no known competitor in their
              notes.
            </p>
          )}
        </section>
      )}
      {selected && <CompetitorPanel name={selected} from={from} to={to} />}
      {winLoss.data && <WinLossPanel list={winLoss.data} />}
    </>
  );
}

function competitorColumns(
  selected: string | null,
  select: (key: string | null) => void,
): Column<CompetitorSummary>[] {
  return [
    {
      header: 'Competitor',
      cell: (c) => (
        <button
          type="button"
          className="link"
          aria-pressed={c.key === selected}
          onClick={() => select(c.key === selected ? null : c.key)}
        >
          {c.name}
        </button>
      ),
    },
    { header: 'Lost', cell: (c) => formatCount(c.lost), numeric: true },
    { header: 'Lost value', cell: (c) => moneyText(c.lostValue), numeric: true },
    { header: 'Won', cell: (c) => formatCount(c.won), numeric: true },
    { header: 'Win rate', cell: (c) => winRateText(c.winRate), numeric: true },
    { header: 'DQ-05', cell: (c) => formatCount(c.dq05), numeric: true },
    { header: 'Last seen', cell: (c) => day(c.lastSeen) },
    {
      header: 'Battlecard',
      cell: (c) =>
        c.battlecard ? `v${c.battlecard.version}, reviewed ${c.battlecard.reviewedOn ?? 'never'}` : 'none',
    },
  ];
}

const DEAL_COLUMNS: Column<CompetitorDeal>[] = [
  { header: 'Deal', cell: (d) => d.name },
  { header: 'Closed', cell: (d) => day(d.closedAt) },
  { header: 'Value', cell: (d) => formatMoney(d.amount.cents, d.amount.currency), numeric: true },
  { header: 'Reason', cell: (d) => reasonText(d) },
  { header: 'Winning factor', cell: (d) => d.winningFactor ?? '–' },
];

function CompetitorPanel({ name, from, to }: { name: string; from: string; to: string }) {
  const detail = useLoad(`competitor:${name}:${from}|${to}`, () =>
    apiGet<CompetitorDetail>(`/v1/competitors/${encodeURIComponent(name)}`, {
      from: from || undefined,
      to: to || undefined,
    }),
  );
  const c = detail.data;
  return (
    <section className="panel" aria-labelledby="competitor-detail-title">
      <h2 id="competitor-detail-title">{c ? c.name : name}</h2>
      <ErrorBox error={detail.error} />
      {detail.loading && <Loading what={`what we know about ${name}`} />}
      {c && (
        <>
          <p>
            Lost {formatCount(c.lost)} ({moneyText(c.lostValue)}), won {formatCount(c.won)} (
            {moneyText(c.wonValue)}), win rate {winRateText(c.winRate)}; {formatCount(c.dq05)} DQ-05
            disqualifications.
          </p>
          <p>
            {c.battlecard ? (
              <>
                Battlecard: {c.battlecard.title} (version {c.battlecard.version}, last review{' '}
                {c.battlecard.reviewedOn ?? 'never'}; <code>{c.battlecard.link}</code>)
              </>
            ) : (
              'No battlecard yet: ask marketing for one (a competitive battlecard request takes 2 weeks).'
            )}
          </p>
          <h3>Most common loss reasons</h3>
          {c.lossReasons.length === 0 ? (
            <p className="muted">No deal lost to them in the period.</p>
          ) : (
            <ol aria-label="Loss reasons">
              {c.lossReasons.map((r) => (
                <li key={r.reason}>
                  {r.reason} ({r.count})
                </li>
              ))}
            </ol>
          )}
          <DataTable
            caption={`Deals lost to ${c.name}`}
            columns={DEAL_COLUMNS}
            rows={c.lostDeals}
            rowKey={(d) => d.opportunityId}
          />
          <DataTable
            caption={`Deals won against ${c.name}`}
            columns={DEAL_COLUMNS}
            rows={c.wonDeals}
            rowKey={(d) => d.opportunityId}
          />
          <DataTable
            caption="DQ-05 leads and what sales noted"
            columns={[
              { header: 'Lead', cell: (l) => l.name ?? l.personId },
              { header: 'Company', cell: (l) => l.company ?? '–' },
              { header: 'Disqualified', cell: (l) => day(l.decidedAt) },
              { header: 'Sales notes', cell: (l) => l.notes ?? '–' },
            ]}
            rows={c.dq05Leads}
            rowKey={(l) => `${l.personId}:${l.decidedAt}`}
          />
          {c.notes.length > 0 && (
            <>
              <h3>Win/loss notes</h3>
              <ul>
                {c.notes.map((n) => (
                  <li key={n.opportunityId}>
                    {day(n.closedAt)} ({n.outcome}): {n.notes}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

const WIN_LOSS_COLUMNS: Column<WinLossItem>[] = [
  { header: 'Deal', cell: (i) => i.opportunityName },
  { header: 'Outcome', cell: (i) => i.outcome },
  { header: 'Closed', cell: (i) => formatDateTime(i.closedAt) },
  { header: 'Value', cell: (i) => formatMoney(i.amount.cents, i.amount.currency), numeric: true },
  { header: 'Reason', cell: (i) => reasonText(i) },
  { header: 'Competitor', cell: (i) => i.competitor ?? '–' },
  { header: 'Feedback', cell: (i) => statusText(i) },
];

function WinLossPanel({ list }: { list: WinLossList }) {
  const { summary } = list;
  return (
    <section className="panel" aria-labelledby="win-loss-title">
      <h2 id="win-loss-title">Win/loss feedback (due within 48 hours of the close)</h2>
      <DataTable
        caption={`${summary.total} closed deals: ${summary.on_time} recorded in time, ${summary.late} late, ${summary.missing} missing`}
        columns={WIN_LOSS_COLUMNS}
        rows={orderForReview(list.items)}
        rowKey={(i) => i.opportunityId}
        rowClass={(i) => (flagged(i) ? 'overdue' : undefined)}
        empty="No deal closed in this period."
      />
    </section>
  );
}
