import { MONTH_INPUT_HINT } from '../../format.js';
import { useMemo } from 'preact/hooks';
import { selectField } from '../../charts/render-saved.js';
import { LoadError, Loading } from '../../components/coming-soon.js';
import { useResource } from '../../components/use-resource.js';
import {
  type CrossFilter,
  crossFilterFromParams,
  extraFor,
  isEmpty,
  paramsOfCrossFilter,
  removeField,
  selectedFor,
  setRange,
  toggleField,
} from '../../data/cross-filter.js';
import { type Dashboard, sharingSummary } from '../../data/saved-views.js';
import { Link, setParams, type Route } from '../../router.js';
import { useTitle } from '../use-title.js';
import { DashboardTileView } from './dashboard-tile.js';
import { filterSummary, filterTagLabel, rangeLabel } from './filter-labels.js';
import { expectRedraws, filterChanging } from './redraw-timer.js';
import { SubscribeForm } from '../../components/subscribe-form.js';

/**
 * A dashboard: a grid of saved views that filter one another. Clicking a bar (or its "Filter"
 * button in the data table) chooses a value for the other charts; dragging across a line chart
 * (or the month fields) narrows them to a time range. The filter lives in the URL, so a filtered
 * dashboard can be bookmarked and shared, and changing it redraws without a page load.
 */
export function DashboardPage({ id, route }: { id: string; route: Route }) {
  const dashboard = useResource<Dashboard>(`/api/dashboards/${encodeURIComponent(id)}`);
  useTitle(dashboard.data?.title ?? 'Dashboard');
  const filter = crossFilterFromParams(route.params);
  const filterKey = JSON.stringify(filter);
  const change = (next: CrossFilter) => {
    filterChanging();
    setParams(paramsOfCrossFilter(next));
  };

  const tiles = useMemo(
    () =>
      (dashboard.data?.layout ?? []).map((tile) => {
        const view = tile.view;
        const extra = view ? extraFor(filter, view) : {};
        const selected = view ? selectedFor(filter, selectField(view)) : null;
        const range = view?.chart.type === 'line' && (filter.from || filter.to) ? { from: filter.from, to: filter.to } : null;
        return { tile, extra, selected, range, drawKey: JSON.stringify([extra, selected, range]) };
      }),
    [dashboard.data, filterKey],
  );
  // The charts this filter change must redraw, for the redraw-time measure.
  const previous = useMemo(() => new Map<string, string>(), [dashboard.data]);
  useMemo(() => {
    const first = previous.size === 0;
    const changed = new Map<string, string>();
    for (const t of tiles) if (t.tile.view && previous.get(t.tile.viewId) !== t.drawKey) changed.set(t.tile.viewId, t.drawKey);
    for (const t of tiles) previous.set(t.tile.viewId, t.drawKey);
    if (!first) expectRedraws(changed);
  }, [tiles]);

  if (dashboard.error && !dashboard.data) return <><h1 class="govuk-heading-l">Dashboard</h1><LoadError message={dashboard.error} /></>;
  if (!dashboard.data) return <Loading what="Loading the dashboard" />;
  const d = dashboard.data;
  return (
    <>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">Dashboard</span>
          <h1 class="govuk-heading-l">{d.title}</h1>
          {d.description && <p class="govuk-body-l">{d.description}</p>}
        </div>
        <div class="govuk-grid-column-one-third app-dashboard__meta">
          <p class="govuk-body-s">{sharingSummary(d.sharing, d.mine, d.owner)}</p>
          {d.mine && (
            <p class="govuk-body-s">
              <Link href={`/dashboards/${d.id}/edit`}>Edit this dashboard</Link>
            </p>
          )}
          <SubscribeForm targetType="dashboard" targetId={d.id} />
        </div>
      </div>
      <FilterBar filter={filter} onChange={change} months={d.layout.some((t) => t.view?.query.groupBy?.includes('month'))} />
      {d.layout.length === 0 ? (
        <p class="govuk-body">This dashboard has no charts yet.{d.mine && <> <Link href={`/dashboards/${d.id}/edit`}>Add saved views to it</Link>.</>}</p>
      ) : (
        <div class="govuk-grid-row app-dashboard__grid">
          {tiles.map((t, i) => (
            <DashboardTileView key={`${t.tile.viewId}-${i}`} tile={t.tile} index={i} extra={t.extra} selected={t.selected} range={t.range} drawKey={t.drawKey}
              onSelect={(field, value) => change(toggleField(filter, field, value))} onBrush={(from, to) => change(setRange(filter, from, to))} />
          ))}
        </div>
      )}
      <p class="govuk-body">
        <Link href="/dashboards">All dashboards and saved views</Link>
      </p>
    </>
  );
}

/** The filter as removable tags, the month range as fields, and a live summary for screen readers. */
function FilterBar({ filter, onChange, months }: { filter: CrossFilter; onChange: (next: CrossFilter) => void; months: boolean }) {
  const hasRange = !!(filter.from || filter.to);
  return (
    <div class="app-filter-bar">
      {/* Months only where a chart is by month: other data (e.g. a project list) may have none. */}
      {(months || hasRange) && <form class="app-filter-bar__months" onSubmit={(e) => e.preventDefault()} aria-label="Months">
        <div class="govuk-hint app-filter-bar__hint" id="dashboard-months-hint">{MONTH_INPUT_HINT}</div>
        <div class="govuk-form-group govuk-!-margin-bottom-0">
          <label class="govuk-label govuk-label--s" for="dashboard-from">From month</label>
          <input class="govuk-input govuk-input--width-10" id="dashboard-from" type="month" aria-describedby="dashboard-months-hint" value={filter.from ?? ''} onChange={(e) => onChange(setRange(filter, e.currentTarget.value, filter.to))} />
        </div>
        <div class="govuk-form-group govuk-!-margin-bottom-0">
          <label class="govuk-label govuk-label--s" for="dashboard-to">To month</label>
          <input class="govuk-input govuk-input--width-10" id="dashboard-to" type="month" aria-describedby="dashboard-months-hint" value={filter.to ?? ''} onChange={(e) => onChange(setRange(filter, filter.from, e.currentTarget.value))} />
        </div>
      </form>}
      <div class="app-filter-bar__tags">
        <h2 class="govuk-heading-s govuk-!-margin-bottom-1">Filters</h2>
        {isEmpty(filter) ? (
          <p class="govuk-body-s govuk-!-margin-bottom-0">None. Click a bar{months ? ' or drag across a line chart' : ''} to filter the other charts.</p>
        ) : (
          <ul class="app-filter-tags" aria-label="Filters in use">
            {filter.fields.map((f) => (
              <li key={f.field}>
                <button type="button" class="app-filter-tag" onClick={() => onChange(removeField(filter, f.field))}>
                  <span class="govuk-visually-hidden">Remove filter </span>
                  {filterTagLabel(f.field, f.value)} <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
            {hasRange && (
              <li>
                <button type="button" class="app-filter-tag" onClick={() => onChange({ fields: filter.fields })}>
                  <span class="govuk-visually-hidden">Remove filter </span>
                  Months: {rangeLabel(filter)} <span aria-hidden="true">×</span>
                </button>
              </li>
            )}
            <li>
              <button type="button" class="govuk-button govuk-button--secondary app-button-small govuk-!-margin-bottom-0" onClick={() => onChange({ fields: [] })}>
                Clear all filters
              </button>
            </li>
          </ul>
        )}
        <p class="govuk-visually-hidden" role="status">{filterSummary(filter)}</p>
      </div>
    </div>
  );
}
