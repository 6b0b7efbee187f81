import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { session } from '../api/session.js';
import { boundaryNeed, renderView } from '../charts/render-view.js';
import { useBoundaries } from '../data/boundaries.js';
import { useDeciles } from '../data/deprivation.js';
import { ChartFigure, DataTable } from '../components/chart-figure.js';
import { ChartExport } from '../components/chart-export.js';
import { ComingSoon, LoadError, Loading } from '../components/coming-soon.js';
import { answerMeta, QueryClient, type QueryState } from '../data/query.js';
import { DisclosureNote } from '../components/disclosure-note.js';
import { rowsOf, withDatasetTitles } from '../data/rows.js';
import { choicesFor, CROSS_PARTNER, fitView, MAP_ATTRIBUTION, paramsOfView, RATE_NOTE, showsRate, specForView, viewFromParams, WARD_NOTE, type View, type ViewChoices } from '../data/view.js';
import type { Me } from '../api/types.js';
import { setParams, type Route } from '../router.js';
import { datasetLabel, type DatasetSummary } from './catalogue.js';
import { useCategoryValues, useDatasetFields } from './explore-choices.js';
import { ExploreForm } from './explore-form.js';
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
  const asked = viewFromParams(route.params, { dataset: datasets[0]?.slug });
  const entryOf = (slug: string) => datasets.find((d) => d.slug === slug);
  const fields = useDatasetFields(asked.dataset);
  const choices = choicesFor(asked.dataset, entryOf(asked.dataset), fields);
  // Drawn as the dataset allows (a grouping it lacks gives way to one it has), so form and chart agree.
  const view = fitView(asked, choices);
  const categories = useCategoryValues(catalogue.status === 'result' ? view.dataset : '');
  const update = (patch: Partial<View>) => setParams(paramsOfView({ ...view, ...patch }));
  // Another dataset: keep what it offers too, start its categories afresh.
  const changeDataset = (dataset: string) => update(fitView({ ...view, dataset, categories: [] }, choicesFor(dataset, entryOf(dataset))));
  const title = view.dataset === CROSS_PARTNER ? "All partners' data" : datasetLabel(entryOf(view.dataset) ?? { slug: view.dataset });

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
            <ExploreForm view={view} datasets={datasets} choices={choices} categories={categories} me={me} onChange={update} onDataset={changeDataset} />
          </div>
          <div class="govuk-grid-column-two-thirds">
            <ExploreResult view={view} title={title} choices={choices} datasetTitles={new Map(datasets.map((d) => [d.slug, datasetLabel(d)]))} />
          </div>
        </div>
      )}
    </>
  );
}

function ExploreResult({ view, title, choices, datasetTitles }: { view: View; title: string; choices: ViewChoices; datasetTitles: ReadonlyMap<string, string> }) {
  const [state, setState] = useState<QueryState>({ status: 'idle' });
  const client = useRef<QueryClient | null>(null);
  if (!client.current) client.current = new QueryClient((path, init) => session.fetch(path, init), setState);
  const specKey = JSON.stringify(specForView(view));
  useEffect(() => {
    if (view.dataset) void client.current!.request(specForView(view));
    return () => client.current!.cancel();
  }, [specKey]);
  // Grouped by dataset, the answer names datasets by slug; people read their titles.
  const rows = useMemo(() => (state.status === 'result' ? withDatasetTitles(rowsOf(state.table), datasetTitles) : []), [state]);
  const boundaries = useBoundaries((path, init) => session.fetch(path, init), boundaryNeed(view.chart));
  const layered = view.chart === 'map-lsoa' && view.layer !== '';
  const deciles = useDeciles((path, init) => session.fetch(path, init), layered);
  const labels = {
    by: choices.groupings.find((g) => g.id === view.by)?.label ?? view.by,
    measure: choices.measures.find((m) => m.id === view.measure)?.label ?? view.measure,
  };
  const drawn = useMemo(
    () =>
      state.status === 'result' && boundaries.status !== 'pending' && (!layered || deciles)
        ? renderView(view, rows, title, boundaries, labels, deciles?.size ? deciles : undefined)
        : null,
    [rows, view.chart, view.by, view.layer, boundaries, deciles, labels.by, labels.measure, title],
  );

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
      <DisclosureNote meta={state.status === 'result' ? answerMeta(state.table) : undefined} withheld={suppressed} />
      {drawn.element ? (
        <ChartFigure caption={drawn.caption} element={drawn.element} rows={drawn.rows ?? rows} columns={drawn.columns} suppressedField="suppressed" />
      ) : (
        <DataTable caption={drawn.caption} rows={drawn.rows ?? rows} columns={drawn.columns} suppressedField="suppressed" />
      )}
      {boundaryNeed(view.chart) !== 'none' && <p class="govuk-body-s app-attribution">{MAP_ATTRIBUTION}</p>}
      {showsRate(view) && <p class="govuk-body-s">{RATE_NOTE}</p>}
      {layered && deciles?.size === 0 && <p class="govuk-body-s">The deprivation deciles could not be loaded, so the map shows the measure alone.</p>}
      {view.chart === 'map-ward' && <p class="govuk-body-s">{WARD_NOTE}</p>}
      <ChartExport title={drawn.caption} element={drawn.element} csv={() => session.fetch('/api/query', { method: 'POST', headers: { Accept: 'text/csv', 'Content-Type': 'application/json' }, body: specKey })} />
      <SaveView view={view} suggestedTitle={drawn.caption} />
    </div>
  );
}
