import type { Column } from '../components/chart-figure.js';
import type { Row } from '../data/rows.js';
import type { SavedView } from '../data/saved-views.js';
import { barChart } from './bar-chart.js';
import { heatmapChart } from './heatmap-chart.js';
import { lineChart } from './line-chart.js';
import { stackedBarChart } from './stacked-bar-chart.js';
import { tileMap } from './tile-map.js';

import { groupColumns } from '../data/view.js';

const LABELS: Record<string, string> = {
  month: 'Month',
  year: 'Year',
  district: 'District',
  lsoa: 'LSOA',
  lsoa11: 'LSOA (2011)',
  ward: 'Ward',
  ward_name: 'Ward',
  decile: 'Deprivation decile (1 = most deprived)',
  imd_decile: 'Deprivation decile (1 = most deprived)',
  rate_per_1000: 'Rate per 1,000 residents',
  category: 'Category',
  category_group: 'Category group',
  source: 'Source partner',
  dataset: 'Dataset',
};

/** "forecast_end" → "Forecast end"; known groupings by their usual names. */
export function fieldLabel(field: string): string {
  const label = LABELS[field] ?? field.replace(/_/g, ' ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export interface TileRenderOptions {
  width: number;
  /** The chosen value of the tile's own grouping (cross-filter), highlighted on bars. */
  selected?: string | null;
  /** The dashboard's time range, shaded on line charts. */
  range?: { from?: string; to?: string } | null;
  /** For rendering outside a browser (tests). */
  document?: Document;
}

export interface DrawnView {
  element: Element | null;
  columns: Column[];
  /** When bars can be clicked to filter the dashboard: the grouping they stand for. */
  selects?: string;
  /** Whether a time range can be brushed on it. */
  brushes?: boolean;
}

/**
 * Draws a saved view's answer with the shared chart modules, from the view's own question: the
 * groupings decide the axes, so views saved outside Explore (such as the demo dashboards, grouped
 * by project status or priority) draw as well as Explore's own.
 */
export function renderSavedView(view: Pick<SavedView, 'title' | 'query' | 'chart'>, rows: Row[], options: TileRenderOptions): DrawnView {
  const groupBy = view.query.groupBy ?? [];
  const dims = groupBy.filter((g) => g !== 'month' && g !== 'year');
  const hasMonth = groupBy.includes('month');
  const value = view.query.rate && rows[0] && 'rate_per_1000' in rows[0] ? 'rate_per_1000' : valueField(rows, groupBy);
  const count: Column = { field: value, label: value === 'count' ? 'Count' : fieldLabel(value), numeric: true };
  const month: Column = { field: 'month', label: 'Month' };
  const dimColumn = (g: string): Column => ({ field: groupColumns(g).label, label: fieldLabel(g) });
  const ariaLabel = view.title;
  const document = options.document;
  const width = Math.max(280, Math.round(options.width));
  const preferred = typeof view.chart.options?.by === 'string' && dims.includes(view.chart.options.by as string) ? (view.chart.options.by as string) : dims[0];
  switch (view.chart.type) {
    case 'line':
      if (!hasMonth) break;
      return {
        element: lineChart(rows, { x: 'month', series: preferred ? groupColumns(preferred).label : undefined, value, ariaLabel, width, height: 300, range: options.range, document }),
        columns: [month, ...dims.map(dimColumn), count],
        brushes: true,
      };
    case 'bar':
      if (!preferred) break;
      return {
        element: barChart(rows, { y: groupColumns(preferred).label, value, ariaLabel, width, selectable: groupColumns(preferred).value, selected: options.selected, document }),
        columns: [dimColumn(preferred), count],
        selects: selectField(view),
      };
    case 'stacked':
      if (!hasMonth || !preferred) break;
      return {
        element: stackedBarChart(rows, { x: 'month', series: groupColumns(preferred).label, value, ariaLabel, width, height: 320, document }),
        columns: [month, dimColumn(preferred), count],
      };
    case 'heatmap': {
      const across = hasMonth ? 'month' : preferred && dims.length > 1 ? groupColumns(preferred).label : null;
      const down = dims.find((d) => groupColumns(d).label !== across);
      if (!across || !down) break;
      return {
        element: heatmapChart(rows, { x: across, y: groupColumns(down).label, value, ariaLabel, width, document }),
        columns: [hasMonth ? month : dimColumn(preferred!), dimColumn(down), count],
      };
    }
    case 'map':
      if (!groupBy.includes('district')) break;
      return {
        element: tileMap(rows, { area: 'district_code', value, ariaLabel, width: Math.min(width, 460), height: Math.min(width, 440), document }),
        columns: [dimColumn('district'), count],
      };
  }
  return { element: null, columns: tableColumns(rows) };
}

/** The measure's column: `count`, or the first numeric column that is not a grouping. */
function valueField(rows: Row[], groupBy: string[]): string {
  const first = rows[0];
  if (!first || 'count' in first) return 'count';
  const groups = new Set(groupBy.flatMap((g) => [g, groupColumns(g).value, groupColumns(g).label]));
  return Object.keys(first).find((k) => !groups.has(k) && k !== 'suppressed' && typeof first[k] === 'number') ?? 'count';
}

function tableColumns(rows: Row[]): Column[] {
  const first = rows[0] ?? {};
  return Object.keys(first)
    .filter((f) => f !== 'suppressed')
    .map((f) => ({ field: f, label: fieldLabel(f), numeric: typeof first[f] === 'number' || f === 'count' }));
}

/** The grouping a saved view's bars stand for, when clicking one can filter a dashboard. */
export function selectField(view: Pick<SavedView, 'query' | 'chart'>): string | undefined {
  if (view.chart.type !== 'bar') return undefined;
  const dims = (view.query.groupBy ?? []).filter((g) => g !== 'month' && g !== 'year');
  return dims.length === 1 ? dims[0] : undefined;
}
