import { useMemo, useState } from 'react';
import { apiGet, apiPost } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { ErrorBox, Loading } from '../components/Status.tsx';
import { Tile, Tiles } from '../components/Tile.tsx';
import type { Asset, AssetEffectiveness, StaleAsset, Usage } from '../content-types.ts';
import { formatCount, formatDateTime, formatMoney } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { can } from '../nav.ts';
import type { Me, Page, User } from '../types.ts';
import {
  ASSET_TYPES,
  effectivenessSeries,
  type LibraryFilter,
  libraryQuery,
  NO_FILTER,
  STAGES,
  staleText,
  words,
} from './content-model.ts';

/**
 * The content library (issue 8, Messaging consistency): search by funnel stage, persona, type
 * and words; the stale assets; what each asset influenced; and, for sales seats, "log usage".
 */
export default function Content({ me }: { me: Me }) {
  const [draft, setDraft] = useState<LibraryFilter>(NO_FILTER);
  const [filter, setFilter] = useState<LibraryFilter>(NO_FILTER);
  const query = libraryQuery(filter);
  const library = useLoad(`assets:${JSON.stringify(query)}`, () =>
    apiGet<Page<Asset>>('/v1/content/assets', query),
  );
  const stale = useLoad('stale', () => apiGet<StaleAsset[]>('/v1/content/assets/stale'));
  const effect = useLoad('effectiveness', () => apiGet<AssetEffectiveness[]>('/v1/content/effectiveness'));
  const users = useLoad('users', () => apiGet<Page<User>>('/v1/users', { limit: 500 }));
  const nameOf = (id: string | null) =>
    (id && users.data?.items.find((user) => user.id === id)?.name) ?? id ?? '–';
  const assets = library.data?.items ?? [];
  const rows = effect.data ?? [];
  const sends = rows.reduce((sum, row) => sum + row.sends, 0);

  const columns: Column<Asset>[] = [
    {
      header: 'Title',
      cell: (asset) => (
        <a href={asset.location} target="_blank" rel="noreferrer">
          {asset.title}
        </a>
      ),
    },
    { header: 'Type', cell: (asset) => words(asset.type) },
    { header: 'Stage', cell: (asset) => asset.stage?.toUpperCase() ?? 'any' },
    { header: 'Persona', cell: (asset) => asset.persona ?? 'any' },
    { header: 'Industry', cell: (asset) => asset.industry ?? '–' },
    { header: 'Owner', cell: (asset) => nameOf(asset.ownerUserId) },
    { header: 'Campaigns', cell: (asset) => asset.campaignIds.length, numeric: true },
    { header: 'Version', cell: (asset) => asset.version, numeric: true },
    { header: 'Review on', cell: (asset) => asset.reviewOn ?? '–' },
  ];

  return (
    <>
      <div className="page-head">
        <h1>Content</h1>
      </div>
      <Tiles label="Content library">
        <Tile
          metric="content-assets"
          label="Assets found"
          value={library.data ? formatCount(assets.length) + (library.data.nextCursor ? '+' : '') : '–'}
        />
        <Tile
          metric="content-stale"
          label="Stale assets"
          value={stale.data ? formatCount(stale.data.length) : '–'}
        />
        <Tile metric="content-sends" label="Sends logged" value={effect.data ? formatCount(sends) : '–'} />
      </Tiles>

      <section className="panel" aria-labelledby="library-title">
        <h2 id="library-title">Library</h2>
        <form
          className="actions"
          aria-label="Search the library"
          onSubmit={(event) => {
            event.preventDefault();
            setFilter(draft);
          }}
        >
          <label className="inline">
            Stage
            <select
              value={draft.stage}
              onChange={(event) => setDraft({ ...draft, stage: event.target.value })}
            >
              <option value="">any</option>
              {STAGES.map((stage) => (
                <option key={stage} value={stage}>
                  {stage.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            Persona
            <input
              value={draft.persona}
              placeholder="e.g. Director"
              onChange={(event) => setDraft({ ...draft, persona: event.target.value })}
            />
          </label>
          <label className="inline">
            Type
            <select value={draft.type} onChange={(event) => setDraft({ ...draft, type: event.target.value })}>
              <option value="">any</option>
              {ASSET_TYPES.map((type) => (
                <option key={type} value={type}>
                  {words(type)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            Words
            <input
              type="search"
              value={draft.text}
              onChange={(event) => setDraft({ ...draft, text: event.target.value })}
            />
          </label>
          <button type="submit">Search</button>
          <button
            type="button"
            onClick={() => {
              setDraft(NO_FILTER);
              setFilter(NO_FILTER);
            }}
          >
            Clear
          </button>
        </form>
        <ErrorBox error={library.error} />
        {library.loading && <Loading what="the library" />}
        <DataTable
          caption={`Assets in use: ${assets.length}${library.data?.nextCursor ? ' (first page)' : ''}`}
          columns={columns}
          rows={assets}
          rowKey={(asset) => asset.id}
          empty="No asset matches."
        />
      </section>

      {can(me, 'content:usage') && assets.length > 0 && <LogUsage assets={assets} onLogged={effect.reload} />}

      <section className="panel" aria-labelledby="effect-title">
        <h2 id="effect-title">Effectiveness</h2>
        <ErrorBox error={effect.error} />
        {effect.data && <EffectivenessChart rows={rows} />}
        <DataTable
          caption="Per asset sent: influenced opportunities and won revenue"
          columns={[
            { header: 'Asset', cell: (row: AssetEffectiveness) => row.title },
            { header: 'Sends', cell: (row) => row.sends, numeric: true },
            { header: 'Last sent', cell: (row) => formatDateTime(row.lastSentAt) },
            { header: 'Influenced', cell: (row) => row.influencedOpportunities, numeric: true },
            { header: 'Won', cell: (row) => row.wonOpportunities, numeric: true },
            {
              header: 'Won revenue',
              cell: (row) =>
                row.wonRevenue.length === 0
                  ? '–'
                  : row.wonRevenue.map((money) => formatMoney(money.cents, money.currency)).join(' + '),
              numeric: true,
            },
          ]}
          rows={rows}
          rowKey={(row) => row.assetId}
          empty="No asset has been sent yet."
        />
      </section>

      <section className="panel" aria-labelledby="stale-title">
        <h2 id="stale-title">Stale assets</h2>
        <ErrorBox error={stale.error} />
        <DataTable
          caption="Not sent for 90 days, or past their review or expiry day"
          columns={[
            { header: 'Asset', cell: (row: StaleAsset) => row.asset.title },
            { header: 'Owner', cell: (row) => nameOf(row.asset.ownerUserId) },
            { header: 'Last sent', cell: (row) => formatDateTime(row.lastUsedAt) },
            { header: 'Why', cell: (row) => row.reasons.map(staleText).join('; ') },
          ]}
          rows={stale.data ?? []}
          rowKey={(row) => row.asset.id}
          empty="No stale asset."
        />
      </section>
    </>
  );
}

function EffectivenessChart({ rows }: { rows: AssetEffectiveness[] }) {
  const series = useMemo(() => effectivenessSeries(rows), [rows]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
      xAxis: {
        type: 'category',
        data: series.titles,
        axisLabel: { interval: 0, width: 90, overflow: 'truncate' },
      },
      yAxis: [
        { type: 'value', name: 'opportunities', minInterval: 1 },
        { type: 'value', name: series.currency },
      ],
      series: [
        { type: 'bar', name: 'Influenced opportunities', data: series.influenced },
        { type: 'bar', name: `Won revenue (${series.currency})`, yAxisIndex: 1, data: series.won },
      ],
    }),
    [series],
  );
  if (series.titles.length === 0) return null;
  return (
    <Chart
      option={option}
      label="Influenced opportunities and won revenue of the most effective assets"
      summary={series.summary}
    />
  );
}

/** Sales logs an asset sent to a person (and/or for an opportunity). */
function LogUsage({ assets, onLogged }: { assets: Asset[]; onLogged: () => void }) {
  const [assetId, setAssetId] = useState('');
  const [personId, setPersonId] = useState('');
  const [opportunityId, setOpportunityId] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const [logged, setLogged] = useState<string | undefined>();
  return (
    <section className="panel" aria-labelledby="usage-title">
      <h2 id="usage-title">Log usage</h2>
      <form
        className="actions"
        onSubmit={async (event) => {
          event.preventDefault();
          setError(undefined);
          try {
            const usage = await apiPost<Usage>('/v1/content/usage', {
              assetId: assetId || assets[0]!.id,
              ...(personId.trim() && { personId: personId.trim() }),
              ...(opportunityId.trim() && { opportunityId: opportunityId.trim() }),
              ...(note.trim() && { note: note.trim() }),
            });
            setLogged(`Logged: ${assets.find((a) => a.id === usage.assetId)?.title ?? usage.assetId} sent.`);
            setPersonId('');
            setOpportunityId('');
            setNote('');
            onLogged();
          } catch (failure) {
            setLogged(undefined);
            setError(failure as Error);
          }
        }}
      >
        <label className="inline">
          Asset
          <select value={assetId} onChange={(event) => setAssetId(event.target.value)}>
            {assets.map((asset) => (
              <option key={asset.id} value={asset.id}>
                {asset.title}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Sent to (person id)
          <input value={personId} onChange={(event) => setPersonId(event.target.value)} />
        </label>
        <label className="inline">
          Opportunity id
          <input value={opportunityId} onChange={(event) => setOpportunityId(event.target.value)} />
        </label>
        <label className="inline">
          Note
          <input value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        <button type="submit">Log usage</button>
      </form>
      {logged && (
        <p role="status" className="notice">
          {logged}
        </p>
      )}
      <ErrorBox error={error} title="Not logged" />
    </section>
  );
}
