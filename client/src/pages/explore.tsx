import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { session } from '../api/session.js';
import { boundaryNeed, renderView } from '../charts/render-view.js';
import { useBoundaries } from '../data/boundaries.js';
import { ChartFigure, DataTable } from '../components/chart-figure.js';
import { ChartExport } from '../components/chart-export.js';
import { ComingSoon, LoadError, Loading } from '../components/coming-soon.js';
import { QueryClient, type QueryState } from '../data/query.js';
import { rowsOf } from '../data/rows.js';
import { CHART_TYPES, GROUPINGS, paramsOfView, specForView, viewFromParams, type View } from '../data/view.js';
import type { Me } from '../api/types.js';
import { setParams, type Route } from '../router.js';
import { type DatasetSummary, datasetTitle } from './catalogue.js';
import { SaveView } from './save-view.js';
import { EmergingTrendsPanel } from './threat-harm/emerging-trends-panel.js';
import { useApi } from './use-api.js';
import { useTitle } from './use-title.js';

/** Explore: one question, held in the URL, redrawn on every change without a page load. */
export default function ExplorePage({ me, route }: { me: Me; route: Route }) {
  useTitle('Explore');
  const catalogue = useApi<DatasetSummary[]>('/api/datasets');
  // Datasets the user may query, those holding rows first (the default is the first).
  const usable = catalogue.status === 'result' ? catalogue.data.filter((d) => d.access?.level) : [];
  const datasets = [...usable.filter((d) => d.rowCount !== 0), ...usable.filter((d) => d.rowCount === 0)];
  const view = viewFromParams(route.params, { dataset: datasets[0]?.slug });
  const update = (patch: Partial<View>) => setParams(paramsOfView({ ...view, ...patch }));

  return (
    <>
      <h1 class="govuk-heading-l">Explore</h1>
      {/* Explore is the landing page: flagged rises in the user's areas are announced there, before any question. */}
      {route.params.toString() === '' && <EmergingTrendsPanel />}
      {catalogue.status === 'pending' && <Loading what="Loading datasets" />}
      {catalogue.status === 'unavailable' && <ComingSoon what="Exploring partner data" />}
      {catalogue.status === 'error' && <LoadError message={catalogue.message} />}
      {catalogue.status === 'result' && datasets.length === 0 && (
        <p class="govuk-body">There are no datasets you can explore yet. Ask a data owner for access from the Access page.</p>
      )}
      {catalogue.status === 'result' && datasets.length > 0 && (
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-third">
            <ExploreForm view={view} datasets={datasets} me={me} onChange={update} />
          </div>
          <div class="govuk-grid-column-two-thirds">
            <ExploreResult view={view} title={datasetTitle(datasets.find((d) => d.slug === view.dataset) ?? { slug: view.dataset })} />
          </div>
        </div>
      )}
    </>
  );
}

function ExploreForm({ view, datasets, me, onChange }: { view: View; datasets: DatasetSummary[]; me: Me; onChange: (patch: Partial<View>) => void }) {
  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label="Question">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="explore-dataset">Dataset</label>
        <select class="govuk-select govuk-!-width-full" id="explore-dataset" value={view.dataset} onChange={(e) => onChange({ dataset: e.currentTarget.value })}>
          {datasets.map((d) => <option key={d.slug} value={d.slug}>{datasetTitle(d)}</option>)}
        </select>
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="explore-chart">Chart</label>
        <select class="govuk-select govuk-!-width-full" id="explore-chart" value={view.chart} onChange={(e) => onChange({ chart: e.currentTarget.value as View['chart'] })}>
          {CHART_TYPES.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </select>
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="explore-by">Group by</label>
        <select class="govuk-select govuk-!-width-full" id="explore-by" value={view.by} onChange={(e) => onChange({ by: e.currentTarget.value as View['by'] })}>
          {GROUPINGS.map((g) => <option key={g.id} value={g.id}>{g.label}</option>)}
        </select>
      </div>
      <fieldset class="govuk-fieldset govuk-form-group">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Months</legend>
        <label class="govuk-label" for="explore-from">From</label>
        <input class="govuk-input govuk-input--width-10" id="explore-from" type="month" value={view.from} onChange={(e) => onChange({ from: e.currentTarget.value })} />
        <label class="govuk-label govuk-!-margin-top-2" for="explore-to">To</label>
        <input class="govuk-input govuk-input--width-10" id="explore-to" type="month" value={view.to} onChange={(e) => onChange({ to: e.currentTarget.value })} />
      </fieldset>
      {me.areas.length > 1 && (
        <fieldset class="govuk-fieldset govuk-form-group">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Areas</legend>
          <div class="govuk-checkboxes govuk-checkboxes--small">
            {me.areas.map((a) => (
              <div class="govuk-checkboxes__item" key={a.code}>
                <input class="govuk-checkboxes__input" id={`area-${a.code}`} type="checkbox" checked={view.areas.includes(a.code)}
                  onChange={(e) => onChange({ areas: e.currentTarget.checked ? [...view.areas, a.code] : view.areas.filter((c) => c !== a.code) })} />
                <label class="govuk-label govuk-checkboxes__label" for={`area-${a.code}`}>{a.name}</label>
              </div>
            ))}
          </div>
        </fieldset>
      )}
    </form>
  );
}

function ExploreResult({ view, title }: { view: View; title: string }) {
  const [state, setState] = useState<QueryState>({ status: 'idle' });
  const client = useRef<QueryClient | null>(null);
  if (!client.current) client.current = new QueryClient((path, init) => session.fetch(path, init), setState);
  const specKey = JSON.stringify(specForView(view));
  useEffect(() => {
    if (view.dataset) void client.current!.request(specForView(view));
    return () => client.current!.cancel();
  }, [specKey]);
  const rows = useMemo(() => (state.status === 'result' ? rowsOf(state.table) : []), [state]);
  const boundaries = useBoundaries((path, init) => session.fetch(path, init), boundaryNeed(view.chart));
  const drawn = useMemo(() => (state.status === 'result' && boundaries.status !== 'pending' ? renderView(view, rows, title, boundaries) : null), [rows, view.chart, view.by, boundaries]);

  if (state.status === 'error') return state.error.unavailable ? <ComingSoon what="Answering questions about the data" /> : <LoadError message={state.error.message} />;
  if (!drawn) return <Loading what="Drawing the chart" />;
  if (state.status === 'result' && rows.length === 0) {
    return (
      <p class="govuk-body" data-testid="no-rows">
        No rows match this question. Try a wider time range or more areas, or choose another dataset.
      </p>
    );
  }
  const suppressed = rows.filter((r) => r.suppressed === true).length;
  return (
    <div aria-busy={state.status === 'pending'}>
      {suppressed > 0 && (
        <div class="govuk-inset-text">
          {suppressed} {suppressed === 1 ? 'value is' : 'values are'} suppressed: counts from 1 to 4, and any value that would reveal one, are hidden to protect
          the people in the data.
        </div>
      )}
      {drawn.element ? (
        <ChartFigure caption={drawn.caption} element={drawn.element} rows={rows} columns={drawn.columns} suppressedField="suppressed" />
      ) : (
        <DataTable caption={drawn.caption} rows={rows} columns={drawn.columns} suppressedField="suppressed" />
      )}
      <ChartExport title={drawn.caption} element={drawn.element} csv={() => session.fetch('/api/query', { method: 'POST', headers: { Accept: 'text/csv', 'Content-Type': 'application/json' }, body: specKey })} />
      <SaveView view={view} suggestedTitle={drawn.caption} />
    </div>
  );
}
