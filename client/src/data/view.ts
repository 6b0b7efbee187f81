import type { QuerySpec } from './query.js';

export type ChartType = 'line' | 'bar' | 'stacked' | 'heatmap' | 'map' | 'map-lsoa' | 'points' | 'table';

/** An Explore question as the URL holds it, so it can be bookmarked and shared. */
export interface View {
  dataset: string;
  chart: ChartType;
  /** Category-like field for bar, stacked, heatmap and line series. */
  by: 'category' | 'category_group' | 'district' | 'source';
  from: string;
  to: string;
  areas: string[];
}

export const CHART_TYPES: readonly { id: ChartType; label: string }[] = [
  { id: 'line', label: 'Line: trend over months' },
  { id: 'bar', label: 'Bar: totals' },
  { id: 'stacked', label: 'Stacked bar: months by group' },
  { id: 'heatmap', label: 'Heatmap: group × month' },
  { id: 'map', label: 'Map: by district' },
  { id: 'map-lsoa', label: 'Map: by LSOA' },
  { id: 'points', label: 'Map: snapped locations (hexagons)' },
  { id: 'table', label: 'Table' },
];

export const GROUPINGS: readonly { id: View['by']; label: string }[] = [
  { id: 'category', label: 'Category' },
  { id: 'category_group', label: 'Category group' },
  { id: 'district', label: 'District' },
  { id: 'source', label: 'Source partner' },
];

/** The answer's column for a grouping (the query engine expands district and source). */
export function groupField(by: View['by']): string {
  return by === 'district' ? 'district_name' : by === 'source' ? 'source_org' : by;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const AREA = /^E0[67]\d{6}$/;

/** Reads a view from the query string, ignoring anything malformed. */
export function viewFromParams(params: URLSearchParams, defaults: Partial<View> = {}): View {
  const chart = params.get('chart');
  const by = params.get('by');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    dataset: params.get('dataset') ?? defaults.dataset ?? '',
    chart: CHART_TYPES.some((c) => c.id === chart) ? (chart as ChartType) : (defaults.chart ?? 'line'),
    by: GROUPINGS.some((g) => g.id === by) ? (by as View['by']) : (defaults.by ?? 'category'),
    from: MONTH.test(from) ? from : (defaults.from ?? ''),
    to: MONTH.test(to) ? to : (defaults.to ?? ''),
    areas: params.getAll('area').filter((a) => AREA.test(a)),
  };
}

export function paramsOfView(view: View): Record<string, string | string[]> {
  return { dataset: view.dataset, chart: view.chart, by: view.by, from: view.from, to: view.to, area: view.areas };
}

/** The question the chart needs answered. */
export function specForView(view: View): QuerySpec {
  const groupBy =
    view.chart === 'line' ? ['month'] :
    view.chart === 'bar' ? [view.by] :
    view.chart === 'map' ? ['district'] :
    view.chart === 'map-lsoa' ? ['lsoa'] :
    view.chart === 'points' ? ['point'] :
    ['month', view.by];
  const spec: QuerySpec = { dataset: view.dataset, measures: ['count'], groupBy };
  if (view.areas.length) spec.areas = view.areas;
  if (view.from || view.to) spec.timeRange = { ...(view.from ? { from: view.from } : {}), ...(view.to ? { to: view.to } : {}) };
  return spec;
}
